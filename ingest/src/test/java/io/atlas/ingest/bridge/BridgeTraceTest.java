package io.atlas.ingest.bridge;

import static org.assertj.core.api.Assertions.assertThat;

import io.atlas.catalog.Topics;
import io.atlas.events.Instrument;
import io.atlas.local.junit.KafkaExtension;
import io.atlas.local.junit.WithKafka;
import io.atlas.local.kafka.KafkaCluster;
import io.atlas.ops.trace.TraceAttributes;
import io.atlas.ops.trace.Tracing;
import io.atlas.schemas.json.EdgeJson;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

/**
 * The bridge's spans at a sampling ratio of 0: a good raw tick starts an unsampled trace that goes no further (its
 * Avro tick carries no context), while a refused one is still recorded, on a sampled dead-letter root linked to the
 * unsampled bridge span.
 */
@WithKafka
class BridgeTraceTest {

    private static final Duration WAIT = Duration.ofSeconds(60);

    @Test
    void shouldAlwaysRecordADeadLetterButNotTheUnsampledTick(KafkaCluster kafka) throws Exception {
        Bridge.Routes routes = new Bridge.Routes(KafkaExtension.uniqueTopicName("raw"),
                KafkaExtension.uniqueTopicName("ticks"), KafkaExtension.uniqueTopicName("dead"),
                KafkaExtension.uniqueTopicName("group"));
        String instrumentsTopic = KafkaExtension.uniqueTopicName("instruments");
        try (Admin admin = kafka.admin()) {
            admin.createTopics(List.of(new NewTopic(routes.raw(), 1, (short) 1),
                    new NewTopic(routes.ticks(), 1, (short) 1), new NewTopic(routes.deadLetters(), 1, (short) 1),
                    new NewTopic(instrumentsTopic, 1, (short) 1).configs(Topics.INSTRUMENTS.configs())))
                    .all().get(30, TimeUnit.SECONDS);
        }
        RawTickCorpus corpus = new RawTickCorpus("T" + System.nanoTime() % 100_000 + "-",
                System.currentTimeMillis() * 1000);
        Instrument instrument = corpus.instruments().get(0);
        String symbol = instrument.getSymbol().toString();
        InMemorySpanExporter exported = InMemorySpanExporter.create();
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(kafka.clientConfig(),
                new ByteArraySerializer(), new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>(instrumentsTopic, utf8(symbol),
                    Topics.INSTRUMENTS.valueSerde().serializer().serialize(instrumentsTopic, instrument))).get();
            producer.send(new ProducerRecord<>(routes.raw(), utf8(symbol), utf8(corpus.tick(symbol, 1, "")))).get();
            producer.send(new ProducerRecord<>(routes.raw(), utf8(symbol), utf8("{\"symbol\":"))).get();
        }

        try (Tracing tracing = Tracing.exportingTo(Bridge.SERVICE, exported, 0.0);
             InstrumentTable instruments = new InstrumentTable(kafka.clientConfig(), instrumentsTopic);
             TopicReader ticks = new TopicReader(kafka.clientConfig(), routes.ticks(), r -> true);
             TopicReader deadLetters = new TopicReader(kafka.clientConfig(), routes.deadLetters(), r -> true)) {
            assertThat(instruments.awaitLoaded(WAIT)).isTrue();
            try (Bridge bridge = new Bridge(kafka.clientConfig(), routes, "trace-test", 100,
                    new TickValidator(new EdgeJson(), instruments, 4096, RawTickCorpus.FUTURE_SKEW_MICROS,
                            RawTickCorpus.PAST_SKEW_MICROS), new SimpleMeterRegistry(), Clock.systemUTC(), tracing)) {
                SpanContext tick = contextOf(tracing, ticks.readAtLeast(1, WAIT).get(0));
                SpanContext deadLetter = contextOf(tracing, deadLetters.readAtLeast(1, WAIT).get(0));
                tracing.flush();

                assertThat(tick.isValid()).isFalse();
                assertThat(deadLetter.isSampled()).isTrue();
                assertThat(exported.getFinishedSpanItems()).singleElement().satisfies(span -> {
                    assertThat(span.getName()).isEqualTo(Tracing.DEAD_LETTER_SPAN);
                    assertThat(span.getSpanId()).isEqualTo(deadLetter.getSpanId());
                    assertThat(span.getParentSpanContext().isValid()).isFalse();
                    assertThat(span.getAttributes().get(TraceAttributes.DEAD_LETTER_REASON))
                            .isEqualTo(RejectReason.MALFORMED_JSON.name());
                    assertThat(span.getLinks()).singleElement().satisfies(link -> {
                        assertThat(link.getSpanContext().isValid()).isTrue();
                        assertThat(link.getSpanContext().isSampled()).isFalse();
                    });
                });
            }
        }
    }

    private static SpanContext contextOf(Tracing tracing, ConsumerRecord<byte[], byte[]> record) {
        return Span.fromContext(tracing.extract(record.headers())).getSpanContext();
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
