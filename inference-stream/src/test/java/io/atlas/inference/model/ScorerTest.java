package io.atlas.inference.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.atlas.inference.features.FeatureVector;
import io.atlas.inference.fixtures.TestModels;

import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

class ScorerTest {

    private final Scorer scorer = new Scorer(TestModels.trained().model());

    @Test
    void shouldCompileTheTrainedLogisticRegression() {
        assertThat(scorer.isCompiled()).isTrue();
    }

    @Test
    void shouldScoreLikeTribuoPredict() {
        SplittableRandom random = new SplittableRandom(3);
        for (int i = 0; i < 1_000; i++) {
            double[] x = new double[FeatureVector.SIZE];
            for (int f = 0; f < x.length; f++) {
                x[f] = random.nextDouble(-5, 5);
            }
            Score fast = scorer.score(x);
            Score tribuo = scorer.scoreWithTribuo(x);
            assertThat(fast.pDown()).isCloseTo(tribuo.pDown(), within(1e-12));
            assertThat(fast.pFlat()).isCloseTo(tribuo.pFlat(), within(1e-12));
            assertThat(fast.pUp()).isCloseTo(tribuo.pUp(), within(1e-12));
            assertThat(fast.predicted()).isEqualTo(tribuo.predicted());
        }
    }

    @Test
    void shouldPutMoreWeightOnUpWhenTheBookLeansToTheBid() {
        double[] bidHeavy = new double[FeatureVector.SIZE];
        double[] askHeavy = new double[FeatureVector.SIZE];
        bidHeavy[FeatureVector.IMBALANCE] = 0.9;
        askHeavy[FeatureVector.IMBALANCE] = -0.9;

        assertThat(scorer.score(bidHeavy).pUp()).isGreaterThan(scorer.score(askHeavy).pUp());
        assertThat(scorer.score(bidHeavy).pDown()).isLessThan(scorer.score(askHeavy).pDown());
    }
}
