package io.atlas.perf.bench;

import io.atlas.inference.stream.InferenceMetrics;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** Reads the scorer's own meters as its /metrics endpoint exposes them, so a renamed meter fails here. */
class ScorerRolloutsTest {

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final InferenceMetrics metrics = new InferenceMetrics(registry);

    @Test
    void shouldReadTheRolloutsTimedAndTheirTotal() {
        metrics.rolledOut(120);
        metrics.rolledOut(35);

        ScorerRollouts.Reading reading = ScorerRollouts.parse(registry.scrape());

        assertThat(reading.count()).isEqualTo(2);
        assertThat(reading.seconds()).isCloseTo(0.155, within(1e-9));
    }

    @Test
    void shouldReadNoRolloutAndNoLiveVersionBeforeAnyRelease() {
        assertThat(ScorerRollouts.parse(registry.scrape())).isEqualTo(new ScorerRollouts.Reading(0, 0, -1));
    }
}
