package io.atlas.inference.stream;

import static org.assertj.core.api.Assertions.assertThat;

import io.atlas.catalog.Topics;
import io.atlas.events.DeadLetter;
import io.atlas.events.Instrument;
import io.atlas.events.MarketTick;
import io.atlas.events.ModelRelease;
import io.atlas.events.Prediction;
import io.atlas.events.ReleaseStatus;
import io.atlas.events.TradingStatus;
import io.atlas.inference.fixtures.SyntheticTicks;
import io.atlas.inference.fixtures.TestModels;
import io.atlas.inference.model.ModelRegistry;
import io.atlas.ops.trace.TraceAttributes;
import io.atlas.ops.trace.Tracing;
import io.atlas.schemas.serde.ContractSerdes;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.data.SpanData;

import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The trace context through the scorer's real topology. It has no repartition topic (ticks are keyed by symbol on
 * the way in); the per-symbol state comes from the feature store, and a prediction is judged by a later tick of
 * another trace: each output must carry the context of the tick that produced it, never one kept with the state.
 */
class ScoringTraceTest {

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private static final SpanContext UNSAMPLED = SpanContext.create("0af7651916cd43dd8448eb211c80319c",
            "b7ad6b7169203331", TraceFlags.getDefault(), TraceState.getDefault());

    @TempDir
    Path stateDir;

    private final InMemorySpanExporter exported = InMemorySpanExporter.create();
    private final InferenceMetrics metrics = new InferenceMetrics(new SimpleMeterRegistry());
    private final ModelRegistry models = new ModelRegistry(metrics);
    private Tracing tracing;
    private Tracing upstream;
    private TopologyTestDriver driver;
    private TestInputTopic<String, byte[]> ticks;
    private TestOutputTopic<String, Prediction> predictions;
    private TestOutputTopic<String, DeadLetter> deadLetters;
    private long tickTime;

    private void start(Tracing scorerTracing) {
        tracing = scorerTracing;
        upstream = Tracing.exportingTo("test-publisher", exported, 1.0);
        Properties properties = new Properties();
        properties.put(StreamsConfig.APPLICATION_ID_CONFIG, "scoring-trace-test");
        properties.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        properties.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        driver = new TopologyTestDriver(InferenceTopology.build(models, metrics, tracing), properties);
        ticks = driver.createInputTopic(Topics.TICKS.name(), Serdes.String().serializer(),
                Serdes.ByteArray().serializer());
        predictions = driver.createOutputTopic(Topics.PREDICTIONS.name(), Topics.PREDICTIONS.keySerde().deserializer(),
                Topics.PREDICTIONS.valueSerde().deserializer());
        deadLetters = driver.createOutputTopic(Topics.DEAD_LETTERS.name(),
                Topics.DEAD_LETTERS.keySerde().deserializer(), Topics.DEAD_LETTERS.valueSerde().deserializer());
        TestInputTopic<String, Instrument> instruments = driver.createInputTopic(Topics.INSTRUMENTS.name(),
                Topics.INSTRUMENTS.keySerde().serializer(), Topics.INSTRUMENTS.valueSerde().serializer());
        instruments.pipeInput("AAA", Instrument.newBuilder().setSymbol("AAA").setVenue("XSIM")
                .setTickSize(SyntheticTicks.TICK_SIZE).setCurrency("USD").setStatus(TradingStatus.TRADING)
                .setLotSize(1).setUpdatedAtMicros(0).build(), T0);
        TestInputTopic<String, ModelRelease> releases = driver.createInputTopic(Topics.MODEL_RELEASES.name(),
                Topics.MODEL_RELEASES.keySerde().serializer(), Topics.MODEL_RELEASES.valueSerde().serializer());
        releases.pipeInput("tick-direction", TestModels.release("tick-direction", 3, ReleaseStatus.ACTIVE), T0);
    }

    @AfterEach
    void close() {
        driver.close();
        tracing.close();
        upstream.close();
    }

    /** Pipes {@code tick} with {@code parent}'s context in its headers. */
    private void pipe(MarketTick tick, Span parent) {
        Headers headers = new RecordHeaders();
        upstream.inject(parent, headers);
        pipe(tick, headers);
    }

    /** Pipes {@code tick} with an unsampled context, as a producer outside Atlas may send it. */
    private void pipeUnsampled(MarketTick tick) {
        Headers headers = new RecordHeaders();
        headers.add("traceparent", ("00-" + UNSAMPLED.getTraceId() + "-" + UNSAMPLED.getSpanId() + "-00")
                .getBytes(java.nio.charset.StandardCharsets.UTF_8));
        pipe(tick, headers);
    }

    private void pipe(MarketTick tick, Headers headers) {
        ticks.pipeInput(new TestRecord<>(tick.getSymbol(), ContractSerdes.marketTick().encode(tick), headers,
                T0.plusMillis(++tickTime)));
    }

    private SpanContext contextOf(TestRecord<String, ?> record) {
        return Span.fromContext(upstream.extract(record.headers())).getSpanContext();
    }

    private List<SpanData> finished() {
        tracing.flush();
        upstream.flush();
        return exported.getFinishedSpanItems();
    }

    @Test
    void shouldParentEachPredictionOnTheScoreSpanOfItsOwnTick() {
        start(Tracing.exportingTo("inference-stream", exported, 1.0));
        List<Span> publishes = new ArrayList<>();
        for (MarketTick tick : new SyntheticTicks(5, List.of("AAA"), 2.0, 0.5).take(6)) {
            Span publish = upstream.tracer().spanBuilder("publish").setSpanKind(SpanKind.PRODUCER).startSpan();
            publishes.add(publish);
            pipe(tick, publish);
            publish.end();
        }

        List<TestRecord<String, Prediction>> made = predictions.readRecordsToList();
        Map<String, SpanData> spans = finished().stream()
                .collect(Collectors.toMap(SpanData::getSpanId, Function.identity()));
        assertThat(made).hasSize(6);
        for (int i = 0; i < made.size(); i++) {
            SpanContext carried = contextOf(made.get(i));
            SpanData score = spans.get(carried.getSpanId());
            assertThat(score.getName()).isEqualTo(ScoringProcessor.SPAN);
            assertThat(score.getKind()).isEqualTo(SpanKind.CONSUMER);
            assertThat(score.getTraceId()).isEqualTo(publishes.get(i).getSpanContext().getTraceId());
            assertThat(score.getParentSpanId()).isEqualTo(publishes.get(i).getSpanContext().getSpanId());
            assertThat(score.getAttributes().get(TraceAttributes.SYMBOL)).isEqualTo("AAA");
            assertThat(score.getAttributes().get(TraceAttributes.MODEL_VERSION)).isEqualTo(3L);
            assertThat(score.getAttributes().get(TraceAttributes.MODEL_ID)).isEqualTo("tick-direction");
            assertThat(made.get(i).value().getTickSequence())
                    .isEqualTo(i + 1);
        }
    }

    @Test
    void shouldNeitherTraceNorPassOnAnUnsampledContext() {
        start(Tracing.exportingTo("inference-stream", exported, 1.0));

        pipeUnsampled(new SyntheticTicks(6, List.of("AAA"), 2.0, 0.5).take(1).get(0));

        assertThat(predictions.readRecord().headers().toArray()).isEmpty();
        assertThat(finished()).isEmpty();
    }

    @Test
    void shouldRecordADeadLetterOfAnUnsampledTickOnALinkedRoot() {
        start(Tracing.exportingTo("inference-stream", exported, 0.0));
        MarketTick unknown = new SyntheticTicks(7, List.of("ZZZ"), 2.0, 0.5).take(1).get(0);

        pipeUnsampled(unknown);

        SpanContext carried = contextOf(deadLetters.readRecord());
        assertThat(carried.isSampled()).isTrue();
        assertThat(finished()).singleElement().satisfies(span -> {
            assertThat(span.getName()).isEqualTo(Tracing.DEAD_LETTER_SPAN);
            assertThat(span.getSpanId()).isEqualTo(carried.getSpanId());
            assertThat(span.getParentSpanContext().isValid()).isFalse();
            assertThat(span.getLinks()).singleElement()
                    .satisfies(link -> assertThat(link.getSpanContext().getSpanId()).isEqualTo(UNSAMPLED.getSpanId()));
            assertThat(span.getAttributes().get(TraceAttributes.DEAD_LETTER_REASON))
                    .isEqualTo(ScoringProcessor.UNKNOWN_INSTRUMENT);
        });
    }

    @Test
    void shouldNeitherReadNorWriteAContextWhenTracingIsOff() {
        start(Tracing.off());
        Span publish = upstream.tracer().spanBuilder("publish").startSpan();

        pipe(new SyntheticTicks(8, List.of("AAA"), 2.0, 0.5).take(1).get(0), publish);

        assertThat(predictions.readRecord().headers().toArray()).isEmpty();
    }
}
