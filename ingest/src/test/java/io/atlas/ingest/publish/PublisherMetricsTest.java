package io.atlas.ingest.publish;

import io.atlas.catalog.Hop;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

class PublisherMetricsTest {

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

    @Test
    void shouldTimeTheProducerToBrokerHopFromSendToAcknowledgement() {
        PublisherMetrics metrics = new PublisherMetrics(registry, "atlas.ticks", () -> 0);

        metrics.acknowledged(2_500_000, 120);

        var hop = registry.get(Hop.METER).tag(Hop.TAG, "producer_to_broker").timer();
        assertThat(hop.count()).isEqualTo(1);
        assertThat(hop.totalTime(TimeUnit.MICROSECONDS)).isEqualTo(2_500);
    }

    @Test
    void shouldRemoveTheHopTimerOnClose() {
        PublisherMetrics metrics = new PublisherMetrics(registry, "atlas.ticks", () -> 0);

        metrics.close();

        assertThat(registry.find(Hop.METER).meters()).isEmpty();
    }
}
