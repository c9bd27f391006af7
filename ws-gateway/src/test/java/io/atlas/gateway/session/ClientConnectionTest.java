package io.atlas.gateway.session;

import io.atlas.events.Prediction;
import io.atlas.gateway.fanout.Update;
import io.atlas.gateway.fanout.UpdateEncoder;
import io.atlas.gateway.ops.GatewayMetrics;
import io.atlas.schemas.SampleEvents;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.eclipse.jetty.websocket.api.Callback;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** A rate-capped connection's live updates, with the fan-out thread's clock given by the test. */
class ClientConnectionTest {

    private static final Pattern OFFSET = Pattern.compile("\"offset\":(\\d+)");
    private static final long SECOND = TimeUnit.SECONDS.toNanos(1);

    private final List<Long> offsets = new ArrayList<>();
    private final FrameSink sink = new FrameSink() {
        @Override
        public void sendText(String text, Callback callback) {
            Matcher m = OFFSET.matcher(text);
            if (m.find()) {
                offsets.add(Long.parseLong(m.group(1)));
            }
            callback.succeed();
        }

        @Override
        public void sendUtf8(byte[] utf8, boolean batch, Callback callback) {
            sendText(new String(utf8, StandardCharsets.UTF_8), callback);
        }

        @Override
        public void close(int code, String reason) {
        }
    };
    private final Outbound outbound = new Outbound(sink, Runnable::run,
            new GatewayMetrics(new SimpleMeterRegistry()), 64, 12);
    private final ClientConnection connection = new ClientConnection("s", null, sink, outbound, "test");
    private final UpdateEncoder encoder = new UpdateEncoder();
    private final ReleaseSchedule schedule = new ReleaseSchedule();

    private Update update(String symbol, long offset) {
        Prediction p = SampleEvents.prediction();
        p.setSymbol(symbol);
        return encoder.encode(p, 0, offset);
    }

    private void deliver(String symbol, long offset, double maxRate, long nowNanos) {
        // the fan-out's dense key ids, one per symbol here
        int keyId = symbol.equals("RATE") ? 0 : 1;
        if (connection.deliver(update(symbol, offset), keyId, maxRate, nowNanos, schedule)) {
            outbound.wake();
        }
    }

    private void deliver(long offset, long nowNanos) {
        deliver("RATE", offset, 1, nowNanos);
    }

    private void release(long nowNanos) {
        schedule.release(nowNanos, (c, u) -> 1, Outbound::wake);
    }

    @Test
    void shouldReleaseTheLatestDeferredUpdateOnceItsIntervalPassed() {
        deliver(1, 0);
        deliver(2, SECOND / 4);
        deliver(3, SECOND / 2);
        release(SECOND / 2);
        assertThat(offsets).as("held until its interval passed").containsExactly(1L);
        release(SECOND);
        assertThat(offsets).as("the latest of those held").containsExactly(1L, 3L);
        assertThat(schedule.isEmpty()).isTrue();
    }

    @Test
    void shouldReleaseHeldUpdatesInTheOrderTheirIntervalsEnd() {
        deliver("RATE", 10, 1, 0);
        deliver("OTHER", 20, 2, SECOND / 4);
        deliver("RATE", 11, 1, SECOND / 4);
        deliver("OTHER", 21, 2, SECOND / 2);
        schedule.release(3 * SECOND / 4, (c, u) -> u.symbol().equals("OTHER") ? 2 : 1, Outbound::wake);
        assertThat(offsets).as("OTHER's interval (0.5 s) ended first").containsExactly(10L, 20L, 21L);
        schedule.release(SECOND, (c, u) -> u.symbol().equals("OTHER") ? 2 : 1, Outbound::wake);
        assertThat(offsets).containsExactly(10L, 20L, 21L, 11L);
    }

    @Test
    void shouldDropADeferredUpdateThatANewerOneOvertook() {
        deliver(1, 0);
        deliver(2, SECOND / 2);
        // the interval has passed, and a newer update arrives before the deferred one was released
        deliver(3, SECOND + 1);
        release(3 * SECOND);
        assertThat(offsets).as("never an older update after a newer one").containsExactly(1L, 3L);
        assertThat(schedule.isEmpty()).isTrue();
    }
}
