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
        metrics.outcome("m", 3, "aapl", true, 0.4);
        metrics.outcome("m", 3, "AMZN", false, 1.2);
        metrics.outcome("m", 3, "9988", false, 1.0);

        assertThat(registry.get("atlas.inference.outcomes").tag("group", "A").tag("result", "hit").counter().count())
                .isEqualTo(1);
        assertThat(registry.get("atlas.inference.outcome.log.loss").tag("version", "3").tag("group", "A").summary()
                .mean()).isEqualTo(0.8);
        assertThat(registry.get("atlas.inference.outcomes").tag("group", "#").counter().count()).isEqualTo(1);
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
