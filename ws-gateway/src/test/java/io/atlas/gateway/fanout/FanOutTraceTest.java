package io.atlas.gateway.fanout;

import static org.assertj.core.api.Assertions.assertThat;

import io.atlas.gateway.ops.GatewayMetrics;
import io.atlas.gateway.session.FrameSink;
import io.atlas.gateway.session.Outbound;
import io.atlas.ops.trace.TraceAttributes;
import io.atlas.schemas.SampleEvents;
import io.atlas.events.Prediction;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;

import org.eclipse.jetty.websocket.api.Callback;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

/** When the fan-out span of one update ends, as its subscriber queues resolve it. */
class FanOutTraceTest {

    private final InMemorySpanExporter exported = InMemorySpanExporter.create();
    private final SdkTracerProvider provider = SdkTracerProvider.builder()
            .addSpanProcessor(SimpleSpanProcessor.create(exported)).build();
    private final GatewayMetrics metrics = new GatewayMetrics(new SimpleMeterRegistry());
    private final UpdateEncoder encoder = new UpdateEncoder();
    /** Writes the sinks started and not yet completed, oldest first. */
    private final Deque<Callback> writes = new ArrayDeque<>();
    private final FrameSink sink = new FrameSink() {
        @Override
        public void sendText(String text, Callback callback) {
            writes.add(callback);
        }

        @Override
        public void sendUtf8(byte[] utf8, boolean batch, Callback callback) {
            writes.add(callback);
        }

        @Override
        public void close(int code, String reason) {
        }
    };

    @AfterEach
    void close() {
        provider.close();
    }

    private Outbound outbound(int capacity) {
        return new Outbound(sink, Runnable::run, metrics, capacity, 12);
    }

    private Update update(String symbol, boolean traced) {
        Prediction prediction = SampleEvents.prediction();
        prediction.setSymbol(symbol);
        Update update = encoder.encode(prediction, 0, 1);
        if (traced) {
            update.traced(new FanOutTrace(provider.get("test").spanBuilder(FanOutTrace.SPAN).startSpan()));
        }
        return update;
    }

    private List<SpanData> ended() {
        return exported.getFinishedSpanItems();
    }

    @Test
    void shouldEndWhenTheLastSubscribersWriteCompletes() {
        Update update = update("A", true);
        outbound(4).data(update, false);
        outbound(4).data(update, false);
        update.trace().dispatched();

        writes.removeFirst().succeed();
        assertThat(ended()).isEmpty();
        writes.removeFirst().succeed();

        assertThat(ended()).singleElement().satisfies(span -> {
            assertThat(span.getAttributes().get(TraceAttributes.CLIENTS_WRITTEN)).isEqualTo(2L);
            assertThat(span.getAttributes().get(TraceAttributes.CLIENTS_SKIPPED)).isEqualTo(0L);
        });
    }

    @Test
    void shouldEndWhenTheDispatchReachedNoSubscriber() {
        update("A", true).trace().dispatched();

        assertThat(ended()).singleElement().satisfies(span ->
                assertThat(span.getAttributes().get(TraceAttributes.CLIENTS_WRITTEN)).isEqualTo(0L));
    }

    @Test
    void shouldEndWhenANewerUpdateReplacesItInAFullQueue() {
        Outbound outbound = outbound(1);
        outbound.data(update("X", false), false);
        Update older = update("S", true);
        outbound.data(older, false);
        older.trace().dispatched();

        outbound.data(update("S", false), false);

        assertThat(ended()).singleElement().satisfies(span -> {
            assertThat(span.getAttributes().get(TraceAttributes.CLIENTS_WRITTEN)).isEqualTo(0L);
            assertThat(span.getAttributes().get(TraceAttributes.CLIENTS_SKIPPED)).isEqualTo(1L);
        });
    }

    @Test
    void shouldEndWhenItsConnectionClosesWithTheUpdateQueued() {
        Outbound outbound = outbound(4);
        outbound.data(update("X", false), false);
        Update queued = update("S", true);
        outbound.data(queued, false);
        queued.trace().dispatched();

        outbound.shutdown();

        assertThat(ended()).singleElement().satisfies(span ->
                assertThat(span.getAttributes().get(TraceAttributes.CLIENTS_SKIPPED)).isEqualTo(1L));
    }

    @Test
    void shouldNotCountADeliveryAfterTheSpanEnded() {
        Update update = update("A", true);
        update.trace().dispatched();

        outbound(4).data(update, false);
        writes.removeFirst().succeed();

        assertThat(ended()).singleElement().satisfies(span ->
                assertThat(span.getAttributes().get(TraceAttributes.CLIENTS_WRITTEN)).isEqualTo(0L));
    }
}
