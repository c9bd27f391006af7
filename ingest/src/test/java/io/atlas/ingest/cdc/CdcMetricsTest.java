package io.atlas.ingest.cdc;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class CdcMetricsTest {

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final CdcMetrics metrics = new CdcMetrics(registry);

    @Test
    void shouldCountEventsByTableAndOperationAndTimeTheLag() {
        metrics.event("instruments", "u", 1_000, 1_015);
        metrics.event("instruments", "u", 2_000, 2_005);
        metrics.event("model_releases", "c", 3_000, 3_020);
        assertThat(registry.get("atlas.ingest.cdc.events").tags("table", "instruments", "op", "u").counter().count())
                .isEqualTo(2);
        assertThat(registry.get("atlas.ingest.cdc.lag").timer().count()).isEqualTo(3);
        assertThat(registry.get("atlas.ingest.cdc.lag").timer().max(TimeUnit.MILLISECONDS)).isEqualTo(20);
    }

    @Test
    void shouldCountErrorsByKind() {
        metrics.unmappable();
        metrics.kafkaError();
        metrics.kafkaError();
        assertThat(registry.get("atlas.ingest.cdc.errors").tag("kind", "kafka").counter().count()).isEqualTo(2);
        assertThat(registry.get("atlas.ingest.cdc.errors").tag("kind", "unmappable").counter().count()).isEqualTo(1);
    }
}
