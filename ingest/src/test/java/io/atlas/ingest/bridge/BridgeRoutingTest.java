package io.atlas.ingest.bridge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.atlas.catalog.Topics;
import io.atlas.events.DeadLetter;
import io.atlas.events.Instrument;
import io.atlas.events.MarketTick;
import io.atlas.local.junit.KafkaExtension;
import io.atlas.local.junit.WithKafka;
import io.atlas.local.kafka.KafkaCluster;
import io.atlas.ops.KafkaConnection;
import io.atlas.ops.OpsServer;
import io.atlas.schemas.json.EdgeJson;
import io.atlas.schemas.serde.ContractSerdes;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The bridge on a real broker, on topics of its own: every raw record becomes exactly one tick or dead letter. */
@WithKafka
class BridgeRoutingTest {

    private static final Duration WAIT = Duration.ofSeconds(60);

    private final EdgeJson json = new EdgeJson();
    private KafkaCluster kafka;
    private Bridge.Routes routes;
    private String instrumentsTopic;
    private BridgeService service;
    private RawTickCorpus corpus;
    private String prefix;

    @BeforeEach
    void startBridge(KafkaCluster kafka) throws Exception {
        this.kafka = kafka;
        String raw = KafkaExtension.uniqueTopicName("raw");
        routes = new Bridge.Routes(raw, KafkaExtension.uniqueTopicName("ticks"),
                KafkaExtension.uniqueTopicName("dead"), KafkaExtension.uniqueTopicName("group"));
        instrumentsTopic = KafkaExtension.uniqueTopicName("instruments");
        try (Admin admin = kafka.admin()) {
            admin.createTopics(List.of(new NewTopic(raw, 3, (short) 1), new NewTopic(routes.ticks(), 3, (short) 1),
                    new NewTopic(routes.deadLetters(), 3, (short) 1),
                    new NewTopic(instrumentsTopic, 2, (short) 1).configs(Topics.INSTRUMENTS.configs())))
                    .all().get(30, TimeUnit.SECONDS);
        }
        prefix = "R" + System.nanoTime() % 100_000 + "-";
        corpus = new RawTickCorpus(prefix, System.currentTimeMillis() * 1000);
        try (KafkaProducer<byte[], byte[]> producer = producer()) {
            for (Instrument instrument : corpus.instruments()) {
                producer.send(new ProducerRecord<>(instrumentsTopic, utf8(instrument.getSymbol().toString()),
                        Topics.INSTRUMENTS.valueSerde().serializer().serialize(instrumentsTopic, instrument)));
            }
        }
        Map<String, String> env = new HashMap<>();
        env.put(KafkaConnection.BOOTSTRAP, kafka.bootstrapServers());
        env.put(OpsServer.PORT, "0");
        env.put(BridgeConfig.INSTANCE_ID, "routing-test");
        env.put(BridgeConfig.MAX_PAYLOAD_BYTES, Integer.toString(RawTickCorpus.MAX_PAYLOAD_BYTES));
        service = BridgeService.start(new BridgeConfig(env), routes, instrumentsTopic);
        await().atMost(WAIT).until(() -> service.readiness().up());
    }

    @AfterEach
    void stopBridge() {
        if (service != null) {
            service.close();
        }
    }

    @Test
    void shouldRouteEveryRawRecordToExactlyOneTickOrDeadLetter() throws Exception {
        List<RawTickCorpus.Case> cases = corpus.cases();
        Map<String, RawTickCorpus.Case> byPosition = new HashMap<>();
        try (KafkaProducer<byte[], byte[]> producer = producer()) {
            for (RawTickCorpus.Case c : cases) {
                RecordMetadata sent = producer.send(new ProducerRecord<>(routes.raw(), c.key(), c.value())).get();
                byPosition.put(sent.partition() + "@" + sent.offset(), c);
            }
        }
        List<RawTickCorpus.Case> good = cases.stream().filter(c -> c.expected() == null).toList();
        List<RawTickCorpus.Case> bad = cases.stream().filter(c -> c.expected() != null).toList();

        List<ConsumerRecord<byte[], byte[]>> ticks;
        List<ConsumerRecord<byte[], byte[]>> letters;
        try (TopicReader tickReader = new TopicReader(kafka.clientConfig(), routes.ticks(), r -> true);
             TopicReader letterReader = new TopicReader(kafka.clientConfig(), routes.deadLetters(), r -> true)) {
            ticks = tickReader.readAtLeast(good.size(), WAIT);
            letters = letterReader.readAtLeast(bad.size(), WAIT);
        }

        assertThat(ticks.size() + letters.size()).isEqualTo(cases.size());
        assertThat(ticks).hasSameSizeAs(good);
        assertThat(letters).hasSameSizeAs(bad);
        // Each good input is one tick equal to the input JSON read as a MarketTick (ingest time aside).
        Map<String, MarketTick> ticksById = ticks.stream().map(r -> ContractSerdes.marketTick().decode(r))
                .collect(Collectors.toMap(t -> t.getSymbol() + "#" + t.getSequence(), t -> t));
        for (RawTickCorpus.Case c : good) {
            MarketTick expected = json.read(withIngestTime(c), MarketTick.class);
            MarketTick actual = ticksById.get(expected.getSymbol() + "#" + expected.getSequence());
            assertThat(actual).as(c.name()).isNotNull();
            assertThat(actual.getIngestTimeMicros()).as(c.name()).isPositive();
            expected.setIngestTimeMicros(actual.getIngestTimeMicros());
            assertThat(actual).as(c.name()).isEqualTo(expected);
        }
        for (ConsumerRecord<byte[], byte[]> record : ticks) {
            assertThat(new String(record.key(), StandardCharsets.UTF_8)).startsWith(prefix);
        }
        // Each bad input is one dead letter carrying its position, its bytes and the expected reason.
        for (ConsumerRecord<byte[], byte[]> record : letters) {
            DeadLetter letter = ContractSerdes.deadLetter().decode(record);
            RawTickCorpus.Case c = byPosition.remove(letter.getSourcePartition() + "@" + letter.getSourceOffset());
            assertThat(c).as("dead letter for an unknown position: %s", letter).isNotNull();
            assertThat(letter.getSourceTopic().toString()).isEqualTo(routes.raw());
            assertThat(letter.getReasonCode().toString()).as(c.name()).isEqualTo(c.expected().name());
            assertThat(letter.getMessage().toString()).as(c.name()).isNotBlank();
            assertThat(letter.getService().toString()).isEqualTo(Bridge.SERVICE);
            assertThat(letter.getFailedAtMicros()).isPositive();
            assertThat(bytes(letter.getOriginalValue())).as(c.name()).isEqualTo(c.value());
            assertThat(bytes(letter.getOriginalKey())).as(c.name()).isEqualTo(c.key());
            assertThat(record.key()).as(c.name()).isEqualTo(c.key());
        }
        assertThat(byPosition.values()).allMatch(c -> c.expected() == null);
    }

    @Test
    void shouldBridgeJsonTicksProducedByKcat() throws Exception {
        String symbol = prefix + "AAA";
        StringBuilder lines = new StringBuilder();
        for (int seq = 1; seq <= 50; seq++) {
            lines.append(corpus.tick(symbol, seq, "")).append('\n');
        }
        Process kcat = new ProcessBuilder("kcat", "-P", "-b", kafka.bootstrapServers(), "-t", routes.raw(),
                "-k", symbol).redirectErrorStream(true).start();
        try (OutputStream in = kcat.getOutputStream()) {
            in.write(lines.toString().getBytes(StandardCharsets.UTF_8));
        }
        assertThat(kcat.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(kcat.exitValue()).as(new String(kcat.getInputStream().readAllBytes(), StandardCharsets.UTF_8))
                .isZero();

        try (TopicReader reader = new TopicReader(kafka.clientConfig(), routes.ticks(), r -> true)) {
            List<MarketTick> ticks = reader.readAtLeast(50, WAIT).stream()
                    .map(r -> ContractSerdes.marketTick().decode(r)).toList();
            assertThat(ticks).extracting(MarketTick::getSequence)
                    .containsExactlyElementsOf(java.util.stream.LongStream.rangeClosed(1, 50).boxed().toList());
            assertThat(ticks).allSatisfy(t -> assertThat(t.getSymbol().toString()).isEqualTo(symbol));
        }
        try (TopicReader reader = new TopicReader(kafka.clientConfig(), routes.deadLetters(), r -> true)) {
            assertThat(reader.readAtLeast(0, WAIT)).isEmpty();
        }
    }

    private byte[] withIngestTime(RawTickCorpus.Case c) {
        String text = new String(c.value(), StandardCharsets.UTF_8).strip();
        return ("{\"ingestTimeMicros\":0," + text.substring(1)).getBytes(StandardCharsets.UTF_8);
    }

    private KafkaProducer<byte[], byte[]> producer() {
        return new KafkaProducer<>(kafka.clientConfig(), new ByteArraySerializer(), new ByteArraySerializer());
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] bytes(ByteBuffer buffer) {
        if (buffer == null) {
            return null;
        }
        byte[] copy = new byte[buffer.remaining()];
        buffer.duplicate().get(copy);
        return copy;
    }
}
