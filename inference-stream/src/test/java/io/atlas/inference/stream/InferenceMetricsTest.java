package io.atlas.inference.stream;

import static org.assertj.core.api.Assertions.assertThat;

import io.atlas.catalog.Hop;
import io.atlas.events.MoveDirection;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

import org.junit.jupiter.api.Test;

import java.util.concurrent.TimeUnit;

class InferenceMetricsTest {

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final InferenceMetrics metrics = new InferenceMetrics(registry);

    @Test
    void shouldCountPredictionsByClassAndShadowFlag() {
        metrics.predicted(MoveDirection.UP, false);
        metrics.predicted(MoveDirection.UP, true);
        metrics.predicted(MoveDirection.UP, true);

        assertThat(registry.get("atlas.inference.predictions").tag("class", "UP").tag("shadow", "true").counter()
                .count()).isEqualTo(2);
        assertThat(registry.get("atlas.inference.predictions").tag("class", "UP").tag("shadow", "false").counter()
                .count()).isEqualTo(1);
    }

    @Test
    void shouldTagOutcomesByModelVersionAndBoundedSymbolGroup() {
        metrics.outcome("m", 3, "aapl", MoveDirection.UP, true, 0.4, false, Double.NaN);
        metrics.outcome("m", 3, "AMZN", MoveDirection.DOWN, false, 1.2, false, Double.NaN);
        metrics.outcome("m", 3, "9988", MoveDirection.FLAT, false, 1.0, false, Double.NaN);

        assertThat(registry.get("atlas.inference.outcomes").tag("group", "A").tag("result", "hit").counter().count())
                .isEqualTo(1);
        assertThat(registry.get("atlas.inference.outcome.log.loss").tag("version", "3").tag("group", "A").summary()
                .mean()).isEqualTo(0.8);
        assertThat(registry.get("atlas.inference.outcomes").tag("group", "#").counter().count()).isEqualTo(1);
    }

    @Test
    void shouldCountRealizedMovesByDirectionForThePrior() {
        metrics.outcome("m", 3, "AAPL", MoveDirection.UP, true, 0.4, false, Double.NaN);
        metrics.outcome("m", 3, "AMZN", MoveDirection.UP, false, 1.2, false, Double.NaN);
        metrics.outcome("m", 3, "ABC", MoveDirection.FLAT, false, 1.0, false, Double.NaN);

        assertThat(realized("UP")).isEqualTo(2);
        assertThat(realized("FLAT")).isEqualTo(1);
        assertThat(realized("DOWN")).as("registered with the version").isZero();
    }

    private double realized(String direction) {
        return registry.get("atlas.inference.outcome.realized").tag("model", "m").tag("version", "3")
                .tag("group", "A").tag("direction", direction).counter().count();
    }

    @Test
    void shouldRegisterTheOptimumOnlyOnceItJudgedAnOutcome() {
        metrics.outcome("m", 3, "AAPL", MoveDirection.UP, true, 0.4, false, Double.NaN);

        assertThat(registry.find("atlas.inference.outcome.optimum").counters()).isEmpty();
        assertThat(registry.find("atlas.inference.outcome.optimum.log.loss").summaries()).isEmpty();

        metrics.outcome("m", 3, "AAPL", MoveDirection.UP, true, 0.4, true, 0.5);
        metrics.outcome("m", 3, "AMZN", MoveDirection.DOWN, false, 1.2, false, 1.5);

        assertThat(registry.get("atlas.inference.outcome.optimum").tag("version", "3").tag("group", "A")
                .tag("result", "hit").counter().count()).isEqualTo(1);
        assertThat(registry.get("atlas.inference.outcome.optimum").tag("version", "3").tag("group", "A")
                .tag("result", "miss").counter().count()).isEqualTo(1);
        var loss = registry.get("atlas.inference.outcome.optimum.log.loss").tag("version", "3").summary();
        assertThat(loss.count()).isEqualTo(2);
        assertThat(loss.mean()).isEqualTo(1.0);
    }

    @Test
    void shouldReportNoModelVersionBeforeAnySwap() {
        assertThat(registry.get("atlas.inference.model.version").gauge().value()).isEqualTo(-1);
    }

    @Test
    void shouldTimeBrokerToInferenceFromTheIngestStampToScoreStart() {
        metrics.reachedScorer(1_000_000, 1_012_500);

        var hop = registry.get(Hop.METER).tag(Hop.TAG, "broker_to_inference").timer();
        assertThat(hop.count()).isEqualTo(1);
        assertThat(hop.totalTime(TimeUnit.MICROSECONDS)).isEqualTo(12_500);
    }

    @Test
    void shouldTimeScoringFromTheStampsAPredictionCarries() {
        metrics.scored(5_000_000, 5_000_180);

        var hop = registry.get(Hop.METER).tag(Hop.TAG, "scoring").timer();
        assertThat(hop.count()).isEqualTo(1);
        assertThat(hop.totalTime(TimeUnit.MICROSECONDS)).isEqualTo(180);
    }
}
