package io.atlas.gateway.ops;

import io.atlas.catalog.Hop;
import io.micrometer.core.instrument.MockClock;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.withinPercentage;

class GatewayHopsTest {

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final MockClock clock = new MockClock();
    private final GatewayHops hops = new GatewayHops(registry, clock);

    private GatewayHops.HopWindow windowOf(Hop hop) {
        return hops.window().stream().filter(w -> w.hop() == hop).findFirst().orElseThrow();
    }

    @Test
    void shouldDeriveTheUpstreamHopsFromAPredictionsStamps() {
        hops.received(1_000_000, 1_007_000, 1_007_300, 1_019_300);

        assertThat(windowOf(Hop.BROKER_TO_INFERENCE).p50Millis()).isCloseTo(7.0, withinPercentage(2));
        assertThat(windowOf(Hop.SCORING).p99Millis()).isCloseTo(0.3, withinPercentage(2));
        assertThat(windowOf(Hop.INFERENCE_TO_PREDICTIONS).p50Millis()).isCloseTo(12.0, withinPercentage(2));
    }

    @Test
    void shouldLeaveInferenceStreamsOwnHopsOutOfTheServiceRegistry() {
        hops.received(1_000_000, 1_007_000, 1_007_300, 1_019_300);

        assertThat(registry.get(Hop.METER).tag(Hop.TAG, "inference_to_predictions").timer()
                .totalTime(TimeUnit.MICROSECONDS)).isEqualTo(12_000);
        assertThat(registry.find(Hop.METER).tag(Hop.TAG, "broker_to_inference").timer()).isNull();
        assertThat(registry.find(Hop.METER).tag(Hop.TAG, "scoring").timer()).isNull();
    }

    @Test
    void shouldTimeRoutingAndTheSocketWriteFromTheGatewaysOwnClock() {
        hops.routed(1_000, 51_000);
        hops.written(51_000, 2_051_000);

        assertThat(registry.get(Hop.METER).tag(Hop.TAG, "predictions_to_gateway").timer()
                .totalTime(TimeUnit.MICROSECONDS)).isEqualTo(50);
        assertThat(registry.get(Hop.METER).tag(Hop.TAG, "gateway_to_socket").timer()
                .totalTime(TimeUnit.MILLISECONDS)).isEqualTo(2);
        assertThat(windowOf(Hop.GATEWAY_TO_SOCKET).p50Millis()).isCloseTo(2.0, withinPercentage(2));
    }

    @Test
    void shouldForgetSamplesOlderThanTheWindow() {
        hops.written(0, 5_000_000);
        assertThat(windowOf(Hop.GATEWAY_TO_SOCKET).empty()).isFalse();

        clock.add(GatewayHops.WINDOW.plusSeconds(1));

        assertThat(windowOf(Hop.GATEWAY_TO_SOCKET).empty()).isTrue();
        assertThat(registry.get(Hop.METER).tag(Hop.TAG, "gateway_to_socket").timer().count()).isEqualTo(1);
    }

    @Test
    void shouldListTheHopsItSeesInPipelineOrder() {
        assertThat(hops.window()).extracting(GatewayHops.HopWindow::hop).containsExactly(Hop.BROKER_TO_INFERENCE,
                Hop.SCORING, Hop.INFERENCE_TO_PREDICTIONS, Hop.PREDICTIONS_TO_GATEWAY, Hop.GATEWAY_TO_SOCKET);
        assertThat(hops.window()).allMatch(GatewayHops.HopWindow::empty);
    }
}
