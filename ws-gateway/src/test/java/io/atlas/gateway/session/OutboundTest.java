package io.atlas.gateway.session;

import io.atlas.gateway.fanout.UpdateEncoder;
import io.atlas.gateway.fanout.Update;
import io.atlas.gateway.ops.GatewayMetrics;
import io.atlas.schemas.SampleEvents;
import io.atlas.events.Prediction;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.eclipse.jetty.websocket.api.Callback;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The outbound queue with a sink that completes writes only when the test says so (a stalled client). */
class OutboundTest {

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final List<String> sent = new ArrayList<>();
    private final List<Callback> pending = new ArrayList<>();
    private final FrameSink sink = new FrameSink() {
        @Override
        public void sendText(String text, Callback callback) {
            sent.add(text);
            pending.add(callback);
        }

        @Override
        public void sendUtf8(byte[] utf8, boolean batch, Callback callback) {
            sendText(new String(utf8, java.nio.charset.StandardCharsets.UTF_8), callback);
        }

        @Override
        public void close(int code, String reason) {
        }
    };
    private final Outbound outbound = new Outbound(sink, Runnable::run, new GatewayMetrics(registry), 4, 12);
    private final UpdateEncoder encoder = new UpdateEncoder();

    private Update update(String symbol, long offset) {
        Prediction p = SampleEvents.prediction();
        p.setSymbol(symbol);
        return encoder.encode(p, 0, offset);
    }

    @Test
    void shouldWriteOneFrameAtATime() {
        outbound.data(update("A", 1), false);
        outbound.data(update("B", 2), false);
        assertThat(sent).hasSize(1);
        pending.remove(0).succeed();
        assertThat(sent).hasSize(2);
        assertThat(outbound.writtenPositions()[0]).isEqualTo(1);
    }

    @Test
    void shouldConflateSameSymbolOnceFullAndKeepTheLatest() {
        outbound.data(update("X", 0), false); // in flight, never completes
        for (int i = 1; i <= 4; i++) {
            outbound.data(update("S" + i, i), false);
        }
        assertThat(outbound.depth()).isEqualTo(4);
        outbound.data(update("S2", 10), false);
        outbound.data(update("S2", 11), false);
        assertThat(outbound.depth()).isEqualTo(4);
        assertThat(registry.get("atlas.gateway.updates.conflated").counter().count()).isEqualTo(2);
        assertThat(outbound.fullForNanos(System.nanoTime() + 1)).isPositive();
        for (int i = 0; i < 5; i++) {
            pending.remove(0).succeed();
        }
        assertThat(sent.get(2)).contains("\"symbol\":\"S2\"").contains("\"offset\":11");
        assertThat(outbound.fullForNanos(System.nanoTime())).isZero();
    }

    @Test
    void shouldDropAtTheHardLimitInsteadOfGrowing() {
        outbound.data(update("X", 0), false);
        int accepted = 0;
        for (int i = 0; i < 100; i++) {
            if (outbound.data(update("D" + i, i), false)) {
                accepted++;
            }
        }
        assertThat(outbound.depth()).isEqualTo(32);
        assertThat(accepted).isEqualTo(32);
        assertThat(registry.get("atlas.gateway.updates.dropped").counter().count()).isEqualTo(68);
    }
}
