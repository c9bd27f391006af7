package io.atlas.ops;

import io.atlas.catalog.Hop;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.junit.jupiter.api.Test;

import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

class HopTimersTest {

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);

    @Test
    void shouldPublishTheHistogramDashboardsRead() {
        HopTimers.register(registry, Hop.SCORING).record(250, TimeUnit.MICROSECONDS);

        String scrape = registry.scrape();
        assertThat(scrape).contains(Hop.BUCKET_METRIC + "{hop=\"scoring\",le=\"1.0E-4\"} 0")
                .contains(Hop.BUCKET_METRIC + "{hop=\"scoring\",le=\"30.0\"} 1")
                .contains("# HELP atlas_pipeline_hop_seconds " + HopTimers.DESCRIPTION);
    }

    @Test
    void shouldRecordTheTimeBetweenTwoStamps() {
        Timer timer = HopTimers.register(registry, Hop.BROKER_TO_INFERENCE);

        HopTimers.recordBetween(timer, 1_000_000, 1_004_500);

        assertThat(timer.count()).isEqualTo(1);
        assertThat(timer.totalTime(TimeUnit.MICROSECONDS)).isEqualTo(4_500);
    }

    @Test
    void shouldNotRecordAStampThatClockSkewPutBeforeItsPredecessor() {
        Timer timer = HopTimers.register(registry, Hop.INFERENCE_TO_PREDICTIONS);

        HopTimers.recordBetween(timer, 2_000_000, 1_999_000);

        assertThat(timer.count()).isZero();
    }
}
