package io.atlas.gateway.session;

import io.atlas.gateway.fanout.UpdateEncoder;
import io.atlas.gateway.fanout.Update;
import io.atlas.gateway.ops.GatewayMetrics;
import io.atlas.schemas.SampleEvents;
import io.atlas.events.Prediction;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.eclipse.jetty.websocket.api.Callback;
import org.junit.jupiter.api.Test;

import io.atlas.gateway.protocol.Batching;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The outbound queue with a sink that completes writes only when the test says so (a stalled client). */
class OutboundTest {

    /** A timer whose tasks run when the test says so, for lingers without waiting. */
    private static final class ManualTimer extends ScheduledThreadPoolExecutor {
        final List<Runnable> due = new ArrayList<>();

        ManualTimer() {
            super(1);
        }

        @Override
        public ScheduledFuture<?> schedule(Runnable task, long delay, TimeUnit unit) {
            due.add(task);
            return null;
        }

        void fire() {
            List<Runnable> tasks = new ArrayList<>(due);
            due.clear();
            tasks.forEach(Runnable::run);
        }
    }

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

    private Outbound batched(int lingerMs, int maxBytes, ManualTimer timer) {
        return new Outbound(sink, Runnable::run, new GatewayMetrics(registry), 64, 12,
                new Batching(lingerMs, maxBytes), timer);
    }

    private static String batch(Update... updates) {
        StringBuilder text = new StringBuilder("{\"op\":\"batch\",\"frames\":[");
        for (int i = 0; i < updates.length; i++) {
            text.append(i == 0 ? "" : ",").append(updates[i].liveFrame());
        }
        return text.append("]}").toString();
    }

    @Test
    void shouldGatherWhatQueuedDuringAWriteIntoOneBatchFrame() {
        Outbound out = batched(0, 16384, null);
        Update a = update("A", 1);
        Update b = update("B", 2);
        Update c = update("C", 3);
        Update d = update("D", 4);
        out.data(a, false);
        out.data(b, false);
        out.data(c, false);
        out.data(d, false);
        assertThat(sent).containsExactly(batch(a));
        pending.remove(0).succeed();
        assertThat(sent).containsExactly(batch(a), batch(b, c, d));
        pending.remove(0).succeed();
        assertThat(out.writtenPositions()[0]).isEqualTo(4);
        assertThat(registry.get("atlas.gateway.messages.out").tag("kind", "data").counter().count()).isEqualTo(4);
        assertThat(registry.get("atlas.gateway.batches.out").counter().count()).isEqualTo(2);
    }

    @Test
    void shouldEndABatchAtAControlFrameToKeepTheOrder() {
        Outbound out = batched(0, 16384, null);
        Update a = update("A", 1);
        Update b = update("B", 2);
        Update c = update("C", 3);
        out.data(a, false);
        out.data(b, false);
        out.control("{\"op\":\"ack\",\"id\":\"x\"}");
        out.data(c, false);
        for (int i = 0; i < 3; i++) {
            pending.remove(0).succeed();
        }
        assertThat(sent).containsExactly(batch(a), batch(b), "{\"op\":\"ack\",\"id\":\"x\"}", batch(c));
    }

    @Test
    void shouldKeepABatchFrameWithinItsMaximumSize() {
        Outbound out = batched(0, Batching.MIN_MAX_BYTES, null);
        for (int i = 0; i < 20; i++) {
            out.data(update("S" + i, i), false);
        }
        while (!pending.isEmpty()) {
            pending.remove(0).succeed();
        }
        assertThat(sent.size()).as("20 updates of " + update("S0", 0).liveBytes().length + " bytes").isGreaterThan(2);
        assertThat(sent).allMatch(text -> text.length() <= Batching.MIN_MAX_BYTES);
        assertThat(String.join("", sent).split("\"op\":\"data\"", -1)).hasSize(21);
    }

    @Test
    void shouldLingerAfterIdleForMoreUpdatesThenSendThemTogether() {
        ManualTimer timer = new ManualTimer();
        Outbound out = batched(5, 16384, timer);
        Update a = update("A", 1);
        Update b = update("B", 2);
        out.data(a, false);
        out.data(b, false);
        assertThat(sent).as("lingering").isEmpty();
        assertThat(timer.due).hasSize(1);
        timer.fire();
        assertThat(sent).containsExactly(batch(a, b));
    }

    @Test
    void shouldNotHoldAControlFrameBackForALinger() {
        ManualTimer timer = new ManualTimer();
        Outbound out = batched(5, 16384, timer);
        Update a = update("A", 1);
        out.data(a, false);
        out.control("{\"op\":\"heartbeat\",\"time\":1}");
        assertThat(sent).containsExactly(batch(a));
        pending.remove(0).succeed();
        assertThat(sent).containsExactly(batch(a), "{\"op\":\"heartbeat\",\"time\":1}");
    }

    @Test
    void shouldCutALingerShortOnceAFrameIsFull() {
        ManualTimer timer = new ManualTimer();
        Outbound out = batched(5, Batching.MIN_MAX_BYTES, timer);
        int queued = 0;
        while (sent.isEmpty()) {
            out.data(update("S" + queued, queued), false);
            queued++;
        }
        assertThat(queued * update("S0", 0).liveBytes().length).as("written once a frame's worth queued")
                .isBetween(Batching.MIN_MAX_BYTES, 2 * Batching.MIN_MAX_BYTES);
        assertThat(timer.due).as("the linger never fired").hasSize(1);
    }

    @Test
    void shouldLeaveWakingToTheFanOutThreadAfterAnOffer() {
        Update a = update("A", 1);
        assertThat(outbound.offer(a)).as("idle: the caller wakes it").isTrue();
        assertThat(outbound.offer(update("B", 2))).as("a wake-up is already due").isFalse();
        assertThat(sent).isEmpty();
        outbound.wake();
        assertThat(sent).hasSize(1);
    }

    @Test
    void shouldRunAnActionOnlyOnceTheFrameInFlightIsWritten() {
        List<long[]> seen = new ArrayList<>();
        outbound.data(update("A", 5), false);
        outbound.whenSettled(() -> seen.add(outbound.writtenPositions()));
        assertThat(seen).as("still in flight").isEmpty();
        pending.remove(0).succeed();
        assertThat(seen).singleElement().satisfies(written -> assertThat(written[0]).isEqualTo(5));
        outbound.whenSettled(() -> seen.add(outbound.writtenPositions()));
        assertThat(seen).as("nothing in flight: at once").hasSize(2);
    }
}
