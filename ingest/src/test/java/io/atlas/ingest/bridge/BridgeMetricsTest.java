package io.atlas.ingest.bridge;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

class BridgeMetricsTest {

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final BridgeMetrics metrics = new BridgeMetrics(registry);

    @Test
    void shouldCountDeadLettersByBoundedReasonTag() {
        metrics.deadLetter(RejectReason.BID_ABOVE_ASK);
        metrics.deadLetter(RejectReason.BID_ABOVE_ASK);
        assertThat(registry.get("atlas.ingest.bridge.dead.letters").tag("reason", "BID_ABOVE_ASK").counter().count())
                .isEqualTo(2);
        // One series per reason, registered up front so dashboards see zeros.
        assertThat(registry.get("atlas.ingest.bridge.dead.letters").counters())
                .hasSize(RejectReason.values().length);
    }

    @Test
    void shouldCountRecordsBytesAndTicks() {
        metrics.recordIn(120);
        metrics.recordIn(80);
        metrics.tickOut();
        assertThat(registry.get("atlas.ingest.bridge.records.in").counter().count()).isEqualTo(2);
        assertThat(registry.get("atlas.ingest.bridge.bytes.in").counter().count()).isEqualTo(200);
        assertThat(registry.get("atlas.ingest.bridge.ticks.out").counter().count()).isEqualTo(1);
        assertThat(registry.get("atlas.ingest.bridge.transaction.commit").timer().getId().getDescription())
                .isNotBlank();
    }
}
