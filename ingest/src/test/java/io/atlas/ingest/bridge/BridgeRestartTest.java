package io.atlas.ingest.bridge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.atlas.catalog.Topics;
import io.atlas.events.DeadLetter;
import io.atlas.events.Instrument;
import io.atlas.events.MarketTick;
import io.atlas.events.TradingStatus;
import io.atlas.ingest.IngestCli;
import io.atlas.local.junit.WithKafka;
import io.atlas.local.kafka.CatalogTopics;
import io.atlas.local.kafka.FreePort;
import io.atlas.local.kafka.KafkaCluster;
import io.atlas.local.process.ChildJvm;
import io.atlas.ops.KafkaConnection;
import io.atlas.ops.OpsServer;
import io.atlas.schemas.serde.ContractSerdes;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;

/**
 * Runs the real {@code atlas-ingest bridge} command in a JVM of its own on the catalog's topics, kills it with
 * SIGKILL in the middle of the stream and starts it again: a {@code read_committed} reader must then see exactly one
 * tick or dead letter per raw record, none lost and none doubled.
 */
@WithKafka
class BridgeRestartTest {

    private static final int RECORDS = 20_000;
    private static final int SYMBOLS = 20;
    private static final Duration WAIT = Duration.ofSeconds(90);

    @Test
    void shouldNeitherLoseNorDoubleRecordsWhenKilledMidStream(KafkaCluster kafka) throws Exception {
        try (Admin admin = kafka.admin()) {
            CatalogTopics.create(admin, Topics.all());
        }
        String prefix = "K" + System.nanoTime() % 1_000_000 + "-";
        long nowMicros = System.currentTimeMillis() * 1000;
        Set<String> goodIds = new HashSet<>();
        int bad = 0;
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(producerSettings(kafka),
                new ByteArraySerializer(), new ByteArraySerializer())) {
            for (int s = 0; s < SYMBOLS; s++) {
                String symbol = prefix + s;
                Instrument instrument = Instrument.newBuilder().setSymbol(symbol).setVenue("XNAS").setTickSize(0.01)
                        .setCurrency("USD").setStatus(TradingStatus.TRADING).setLotSize(1)
                        .setUpdatedAtMicros(nowMicros).build();
                producer.send(new ProducerRecord<>(Topics.INSTRUMENTS.name(), utf8(symbol),
                        ContractSerdes.instrument().serializer().serialize(Topics.INSTRUMENTS.name(), instrument)));
            }
            producer.flush();
            RawTickCorpus corpus = new RawTickCorpus(prefix, nowMicros);
            for (int i = 0; i < RECORDS; i++) {
                String symbol = prefix + (i % SYMBOLS);
                long seq = i / SYMBOLS + 1;
                boolean crossed = i % 10 == 7;
                String json = corpus.tick(symbol, seq, crossed ? "\"bid\":100.09" : "");
                if (crossed) {
                    bad++;
                } else {
                    goodIds.add(symbol + "#" + seq);
                }
                producer.send(new ProducerRecord<>(Topics.TICKS_RAW.name(), utf8(symbol), utf8(json)));
            }
        }
        int expectedBad = bad;

        int port = FreePort.find();
        Path log = Path.of("target", "bridge-restart-" + prefix + ".log");
        int committedAtKill;
        try (TopicReader ticks = new TopicReader(kafka.clientConfig(), Topics.TICKS.name(), r -> ours(r, prefix));
             TopicReader letters = new TopicReader(kafka.clientConfig(), Topics.DEAD_LETTERS.name(),
                     r -> ours(r, prefix))) {
            try (ChildJvm first = startBridge(kafka, port, log)) {
                awaitReady(port, first);
                await().atMost(WAIT).until(() -> ticks.poll().size() >= 3_000);
                ProcessHandle.of(first.pid()).orElseThrow().destroyForcibly();
                ProcessHandle.of(first.pid()).ifPresent(p -> p.onExit().join());
            }
            committedAtKill = ticks.poll().size() + letters.poll().size();
            assertThat(committedAtKill).as("killed in the middle of the stream").isLessThan(RECORDS);

            try (ChildJvm second = startBridge(kafka, port, log)) {
                awaitReady(port, second);
                await().atMost(WAIT).until(() -> ticks.poll().size() + letters.poll().size() >= RECORDS);
                List<ConsumerRecord<byte[], byte[]>> tickRecords = ticks.readAtLeast(goodIds.size(), WAIT);
                List<ConsumerRecord<byte[], byte[]>> letterRecords = letters.readAtLeast(expectedBad, WAIT);

                assertThat(tickRecords.size() + letterRecords.size()).isEqualTo(RECORDS);
                Set<String> seen = new HashSet<>();
                for (ConsumerRecord<byte[], byte[]> record : tickRecords) {
                    MarketTick tick = ContractSerdes.marketTick().decode(record);
                    assertThat(seen.add(tick.getSymbol() + "#" + tick.getSequence())).as("no duplicate").isTrue();
                }
                assertThat(seen).isEqualTo(goodIds);
                Set<Long> letterOffsets = new HashSet<>();
                for (ConsumerRecord<byte[], byte[]> record : letterRecords) {
                    DeadLetter letter = ContractSerdes.deadLetter().decode(record);
                    assertThat(letter.getReasonCode().toString()).isEqualTo(RejectReason.BID_ABOVE_ASK.name());
                    assertThat(letterOffsets.add(letter.getSourcePartition() * 1_000_000_000L
                            + letter.getSourceOffset())).as("no duplicate dead letter").isTrue();
                }
                assertThat(letterOffsets).hasSize(expectedBad);
            }
        }
    }

    private static boolean ours(ConsumerRecord<byte[], byte[]> record, String prefix) {
        return record.key() != null && new String(record.key(), StandardCharsets.UTF_8).startsWith(prefix);
    }

    private static ChildJvm startBridge(KafkaCluster kafka, int port, Path log) throws Exception {
        return ChildJvm.start("bridge", List.of("-Xmx256m"), System.getProperty("java.class.path"),
                IngestCli.class.getName(), List.of("bridge"),
                Map.of(KafkaConnection.BOOTSTRAP, kafka.bootstrapServers(), OpsServer.PORT, Integer.toString(port),
                        BridgeConfig.INSTANCE_ID, "restart-test",
                        // Small transactions, so that the kill lands between many of them.
                        BridgeConfig.MAX_RECORDS_PER_TRANSACTION, "200"),
                log);
    }

    private static void awaitReady(int port, ChildJvm bridge) {
        HttpClient http = HttpClient.newHttpClient();
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + OpsServer.READINESS))
                .timeout(Duration.ofSeconds(2)).build();
        await().atMost(WAIT).ignoreExceptions().until(() -> {
            bridge.ensureAlive("starting the bridge");
            return http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
        });
    }

    private static Map<String, Object> producerSettings(KafkaCluster kafka) {
        Map<String, Object> settings = new java.util.HashMap<>(kafka.clientConfig());
        settings.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        return settings;
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
