package io.atlas.inference.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class AucTest {

    @Test
    void shouldGiveOneForAPerfectRankingAndAHalfForTies() {
        assertThat(Auc.of(new double[] {0.1, 0.2, 0.8, 0.9}, new boolean[] {false, false, true, true})).isEqualTo(1.0);
        assertThat(Auc.of(new double[] {0.5, 0.5, 0.5, 0.5}, new boolean[] {false, true, false, true})).isEqualTo(0.5);
    }

    @Test
    void shouldCountPairsLikeMannWhitney() {
        // Positives 0.4, 0.8; negatives 0.1, 0.6: 3 of 4 pairs ranked right.
        assertThat(Auc.of(new double[] {0.4, 0.8, 0.1, 0.6}, new boolean[] {true, true, false, false}))
                .isEqualTo(0.75);
    }

    @Test
    void shouldComputeTheExpectedAucOfProbabilisticLabels() {
        // Two items: P(positive) 0.8 and 0.2. Pairs (a pos, b neg) weigh 0.8*0.8, (b pos, a neg) 0.2*0.2.
        double auc = Auc.expected(new double[] {0.8, 0.2}, new double[] {0.8, 0.2});
        assertThat(auc).isCloseTo(0.64 / (0.64 + 0.04), within(1e-12));
    }
}
