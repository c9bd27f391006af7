package io.atlas.ingest.simulate;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class SignalMathTest {

    @Test
    void shouldGiveAnAucOfOneHalfWithoutSignal() {
        assertThat(SignalMath.bestAuc(0, LotDistribution.DEFAULT)).isCloseTo(0.5, within(1e-12));
    }

    @Test
    void shouldGiveAHigherBestAucForAStrongerSignal() {
        double weak = SignalMath.bestAuc(1, LotDistribution.DEFAULT);
        double strong = SignalMath.bestAuc(4, LotDistribution.DEFAULT);
        assertThat(weak).isGreaterThan(0.5);
        assertThat(strong).isGreaterThan(weak).isLessThan(1);
    }

    @Test
    void shouldMatchTheClosedFormForASingleLotBook() {
        // One lot per side always: I = 0, the score is constant, the AUC is one half whatever k.
        assertThat(SignalMath.bestAuc(5, new LotDistribution(0.5, 1))).isCloseTo(0.5, within(1e-12));
    }

    @Test
    void shouldCountTiesAsHalfInTheEmpiricalAuc() {
        double[] scores = {0.1, 0.4, 0.35, 0.8, 0.4};
        boolean[] positive = {false, true, false, true, false};
        // Pairs (pos, neg): (0.4,0.1)=1 (0.4,0.35)=1 (0.4,0.4)=.5 (0.8,*)=3 -> 5.5 of 6.
        assertThat(SignalMath.auc(scores, positive)).isCloseTo(5.5 / 6, within(1e-12));
    }

    @Test
    void shouldDrawLotsWithTheDeclaredProbabilities() {
        LotDistribution lots = LotDistribution.DEFAULT;
        double total = 0;
        for (int n = 1; n <= lots.maxLots(); n++) {
            total += lots.probability(n);
        }
        assertThat(total).isCloseTo(1, within(1e-12));
        java.util.SplittableRandom random = new java.util.SplittableRandom(1);
        int ones = 0;
        int draws = 200_000;
        for (int i = 0; i < draws; i++) {
            ones += lots.sample(random) == 1 ? 1 : 0;
        }
        assertThat((double) ones / draws).isCloseTo(lots.probability(1), within(0.005));
    }
}
