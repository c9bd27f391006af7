package io.atlas.perf.trace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.atlas.catalog.Topics;
import io.atlas.events.MarketTick;
import io.atlas.gateway.fanout.FanOutTrace;
import io.atlas.gateway.server.Gateway;
import io.atlas.gateway.server.GatewayConfig;
import io.atlas.inference.stream.InferenceApp;
import io.atlas.inference.stream.InferenceConfig;
import io.atlas.ingest.bridge.Bridge;
import io.atlas.ingest.bridge.InstrumentTable;
import io.atlas.ingest.bridge.TickValidator;
import io.atlas.ingest.publish.PublisherOptions;
import io.atlas.ingest.publish.TickPublisher;
import io.atlas.ingest.simulate.MarketModel;
import io.atlas.ingest.simulate.SimulatedInstrument;
import io.atlas.ingest.simulate.SimulatedInstruments;
import io.atlas.local.junit.WithKafka;
import io.atlas.local.kafka.CatalogTopics;
import io.atlas.local.kafka.KafkaCluster;
import io.atlas.ops.KafkaConnection;
import io.atlas.ops.OpsServer;
import io.atlas.ops.trace.TraceAttributes;
import io.atlas.ops.trace.Tracing;
import io.atlas.schemas.json.EdgeJson;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.propagation.ContextPropagators;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;
import org.eclipse.jetty.websocket.client.WebSocketClient;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One trace per tick from its producer to the WebSocket frame: ticks go through a real {@link TickPublisher} (and
 * raw JSON through the real {@link Bridge}), the real {@link InferenceApp} and the real {@link Gateway} on one
 * broker, every service in this process tracing into one in-memory exporter at 100% sampling, with a real Jetty
 * WebSocket client subscribed. Each tick must give exactly publish (or bridge) → score → fan-out, each the child
 * of the one before, started in that order, carrying the symbol and the model version.
 */
@WithKafka
class PipelineTraceTest {

    private static final Duration WAIT = Duration.ofSeconds(90);
    private static final int MODEL_VERSION = 7;
    private static final List<SimulatedInstrument> PUBLISHED = SimulatedInstruments.first(3);
    private static final List<SimulatedInstrument> BRIDGED = List.of(SimulatedInstruments.of(7));

    @TempDir
    static Path stateDir;

    private static final InMemorySpanExporter SPANS = InMemorySpanExporter.create();
    private static SdkTracerProvider provider;
    private static Tracing tracing;
    private static InferenceApp scorer;
    private static Gateway gateway;
    private static FrameClient client;

    @BeforeAll
    static void startPipeline(KafkaCluster kafka) throws Exception {
        try (Admin admin = kafka.admin()) {
            CatalogTopics.create(admin, Topics.all());
        }
        List<SimulatedInstrument> all = new ArrayList<>(PUBLISHED);
        all.addAll(BRIDGED);
        ServingModel.publish(kafka.clientConfig(), all, MODEL_VERSION);
        provider = SdkTracerProvider.builder().addSpanProcessor(SimpleSpanProcessor.create(SPANS)).build();
        tracing = Tracing.using(OpenTelemetrySdk.builder().setTracerProvider(provider)
                .setPropagators(ContextPropagators.create(W3CTraceContextPropagator.getInstance())).build());

        scorer = InferenceApp.start(new InferenceConfig(Map.of(
                KafkaConnection.BOOTSTRAP, kafka.bootstrapServers(),
                OpsServer.PORT, "0",
                InferenceConfig.APPLICATION_ID_CONFIG, "pipeline-trace-" + UUID.randomUUID(),
                InferenceConfig.PROCESSING_GUARANTEE, InferenceConfig.AT_LEAST_ONCE,
                InferenceConfig.STATE_DIR, stateDir.toString())), tracing);
        gateway = new Gateway(new GatewayConfig(Map.of(
                KafkaConnection.BOOTSTRAP, kafka.bootstrapServers(),
                GatewayConfig.PORT, "0",
                GatewayConfig.AUTH, "none")), new SimpleMeterRegistry(), tracing);
        gateway.start();
        await().atMost(WAIT).until(() -> gateway.ready() && scorer.models().active() != null
                && scorer.models().active().version() == MODEL_VERSION);
        client = FrameClient.connect(gateway.port());
        client.send("{\"op\":\"subscribe\",\"id\":\"all\",\"patterns\":[\"*\"]}");
        await().atMost(WAIT).until(() -> client.received("\"op\":\"ack\""));
    }

    @AfterAll
    static void stopPipeline() throws Exception {
        if (client != null) {
            client.close();
        }
        if (gateway != null) {
            gateway.close();
        }
        if (scorer != null) {
            scorer.close();
        }
        provider.close();
    }

    @Test
    void shouldTraceEveryPublishedTickToItsSocketWrite(KafkaCluster kafka) {
        MarketModel market = new MarketModel(PUBLISHED, new MarketModel.Parameters(11, 2.0, 0.5));
        List<String> traces = new ArrayList<>();
        try (TickPublisher publisher = TickPublisher.start(PublisherOptions.builder(kafka.clientConfig()).build(),
                new SimpleMeterRegistry(), tracing)) {
            for (int i = 0; i < 6; i++) {
                MarketTick tick = market.next(nowMicros());
                publisher.publish(tick).join();
                traces.add(spanNamed("publish", tick.getSymbol().toString()).getTraceId());
            }
        }

        for (String traceId : traces) {
            List<SpanData> trace = awaitTrace(traceId);
            assertThat(trace).extracting(SpanData::getName).containsExactly("publish", "score", FanOutTrace.SPAN);
            assertThat(trace.get(0).getKind()).isEqualTo(SpanKind.PRODUCER);
            assertThat(trace.get(0).getParentSpanContext().isValid()).isFalse();
            assertChained(trace);
        }
    }

    @Test
    void shouldTraceABridgedTickAsAChildOfItsProducersContext(KafkaCluster kafka) throws Exception {
        SimulatedInstrument instrument = BRIDGED.get(0);
        Span outside = tracing.tracer().spanBuilder("outside-producer").setSpanKind(SpanKind.PRODUCER).startSpan();
        try (InstrumentTable instruments = new InstrumentTable(kafka.clientConfig(), Topics.INSTRUMENTS.name());
             KafkaProducer<byte[], byte[]> raw = new KafkaProducer<>(kafka.clientConfig(), new ByteArraySerializer(),
                     new ByteArraySerializer())) {
            assertThat(instruments.awaitLoaded(WAIT)).isTrue();
            try (Bridge bridge = new Bridge(kafka.clientConfig(), Bridge.Routes.catalog(), "trace-" + UUID.randomUUID(),
                    100, new TickValidator(new EdgeJson(), instruments, 4096, 5_000_000, 300_000_000),
                    new SimpleMeterRegistry(), Clock.systemUTC(), tracing)) {
                MarketTick tick = new MarketModel(BRIDGED, new MarketModel.Parameters(13, 2.0, 0.5)).next(nowMicros());
                tick.setSequence(1);
                ProducerRecord<byte[], byte[]> record = new ProducerRecord<>(Topics.TICKS_RAW.name(),
                        instrument.symbol().getBytes(StandardCharsets.UTF_8), new EdgeJson().write(tick));
                tracing.inject(outside, record.headers());
                raw.send(record).get(30, TimeUnit.SECONDS);
                outside.end();

                List<SpanData> trace = awaitTrace(outside.getSpanContext().getTraceId());
                assertThat(trace).extracting(SpanData::getName)
                        .containsExactly("outside-producer", "bridge", "score", FanOutTrace.SPAN);
                assertThat(trace.get(1).getAttributes().get(TraceAttributes.SYMBOL)).isEqualTo(instrument.symbol());
                assertChained(trace);
            }
        }
    }

    /** Each span is the child of the one before it, starts no earlier, and the last three carry symbol and model. */
    private static void assertChained(List<SpanData> trace) {
        for (int i = 1; i < trace.size(); i++) {
            assertThat(trace.get(i).getParentSpanId()).as(trace.get(i).getName() + "'s parent")
                    .isEqualTo(trace.get(i - 1).getSpanId());
            assertThat(trace.get(i).getStartEpochNanos()).as(trace.get(i).getName() + " starts after its parent")
                    .isGreaterThanOrEqualTo(trace.get(i - 1).getStartEpochNanos());
        }
        String symbol = trace.get(trace.size() - 1).getAttributes().get(TraceAttributes.SYMBOL);
        assertThat(symbol).isNotNull();
        for (SpanData span : trace.subList(trace.size() - 2, trace.size())) {
            assertThat(span.getAttributes().get(TraceAttributes.SYMBOL)).isEqualTo(symbol);
            assertThat(span.getAttributes().get(TraceAttributes.MODEL_VERSION)).isEqualTo((long) MODEL_VERSION);
        }
        SpanData fanOut = trace.get(trace.size() - 1);
        assertThat(fanOut.getAttributes().get(TraceAttributes.CLIENTS_WRITTEN)).isEqualTo(1L);
        assertThat(client.received("\"symbol\":\"" + symbol + "\"")).isTrue();
    }

    /** The spans of {@code traceId} once its fan-out span has ended, in start order. */
    private static List<SpanData> awaitTrace(String traceId) {
        await().atMost(WAIT).until(() -> spansOf(traceId).stream()
                .anyMatch(span -> span.getName().equals(FanOutTrace.SPAN)));
        return spansOf(traceId);
    }

    private static List<SpanData> spansOf(String traceId) {
        return SPANS.getFinishedSpanItems().stream().filter(span -> span.getTraceId().equals(traceId))
                .sorted(java.util.Comparator.comparingLong(SpanData::getStartEpochNanos)
                        .thenComparing(span -> span.getParentSpanContext().isValid()))
                .collect(Collectors.toList());
    }

    private static SpanData spanNamed(String name, String symbol) {
        List<SpanData> matching = SPANS.getFinishedSpanItems().stream()
                .filter(span -> span.getName().equals(name) && symbol.equals(span.getAttributes()
                        .get(TraceAttributes.SYMBOL)))
                .toList();
        return matching.get(matching.size() - 1);
    }

    private static long nowMicros() {
        return ChronoUnit.MICROS.between(Instant.EPOCH, Instant.now());
    }

    /** A real Jetty WebSocket client keeping every text frame it receives. */
    public static final class FrameClient implements Session.Listener.AutoDemanding, AutoCloseable {
        private final WebSocketClient jetty;
        private final List<String> frames = new CopyOnWriteArrayList<>();
        private volatile Session session;

        private FrameClient(WebSocketClient jetty) {
            this.jetty = jetty;
        }

        static FrameClient connect(int port) throws Exception {
            WebSocketClient jetty = new WebSocketClient();
            jetty.start();
            FrameClient client = new FrameClient(jetty);
            jetty.connect(client, URI.create("ws://127.0.0.1:" + port + Gateway.WS_PATH)).get(30, TimeUnit.SECONDS);
            return client;
        }

        @Override
        public void onWebSocketOpen(Session session) {
            this.session = session;
        }

        @Override
        public void onWebSocketText(String text) {
            frames.add(text);
        }

        void send(String text) {
            session.sendText(text, Callback.NOOP);
        }

        boolean received(String fragment) {
            return frames.stream().anyMatch(frame -> frame.contains(fragment));
        }

        @Override
        public void close() throws Exception {
            jetty.stop();
        }
    }
}
