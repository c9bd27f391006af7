package io.atlas.inference.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.atlas.catalog.Topics;
import io.atlas.events.MarketTick;
import io.atlas.events.Prediction;
import io.atlas.events.ReleaseStatus;
import io.atlas.inference.InferenceCli;
import io.atlas.inference.fixtures.KafkaFixtures;
import io.atlas.inference.fixtures.SyntheticTicks;
import io.atlas.inference.fixtures.TestModels;
import io.atlas.local.junit.WithKafka;
import io.atlas.local.kafka.CatalogTopics;
import io.atlas.local.kafka.KafkaCluster;
import io.atlas.local.process.ChildJvm;
import io.atlas.ops.KafkaConnection;
import io.atlas.ops.OpsServer;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the scorer as its own JVM with exactly_once_v2, hard-kills it (SIGKILL) while ticks flow, restarts it, and
 * checks with a read_committed consumer that the predictions topic holds exactly one live prediction per tick.
 */
@WithKafka
class ExactlyOnceTest {

    private static final int TICKS = 100_000;

    @TempDir
    Path dir;

    @BeforeAll
    static void createTopics(KafkaCluster kafka) {
        try (Admin admin = kafka.admin()) {
            CatalogTopics.create(admin, Topics.all());
        }
    }

    private ChildJvm startScorer(KafkaCluster kafka, String applicationId, String run) throws IOException {
        Map<String, String> env = new HashMap<>();
        env.put(KafkaConnection.BOOTSTRAP, kafka.bootstrapServers());
        env.put(OpsServer.PORT, "0");
        env.put(InferenceConfig.APPLICATION_ID_CONFIG, applicationId);
        env.put(InferenceConfig.PROCESSING_GUARANTEE, InferenceConfig.EXACTLY_ONCE_V2);
        env.put(InferenceConfig.STATE_DIR, dir.resolve("state").toString());
        // The killed instance holds its partitions until its session times out: keep that at the broker minimum.
        Path clientConfig = dir.resolve("client.properties");
        java.nio.file.Files.writeString(clientConfig, "session.timeout.ms=6000\nheartbeat.interval.ms=1000\n");
        env.put(KafkaConnection.CLIENT_CONFIG, clientConfig.toString());
        Path log = Path.of("target", "exactly-once", applicationId + "-" + run + ".log");
        return ChildJvm.start("scorer-" + run, List.of("-Xmx384m"), System.getProperty("java.class.path"),
                InferenceCli.class.getName(), List.of("run"), env, log);
    }

    @Test
    void shouldWriteExactlyOnePredictionPerTickAcrossAHardKill(KafkaCluster kafka) throws Exception {
        String suffix = UUID.randomUUID().toString().substring(0, 6).toUpperCase();
        List<String> symbols = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            symbols.add("EO" + i + suffix);
        }
        KafkaFixtures.publishInstruments(kafka.clientConfig(), symbols);
        KafkaFixtures.publishRelease(kafka.clientConfig(), TestModels.release("tick-direction", 1,
                ReleaseStatus.ACTIVE));
        String applicationId = "exactly-once-test-" + suffix;
        Set<String> ours = Set.copyOf(symbols);
        Set<String> unique = new HashSet<>();
        AtomicLong total = new AtomicLong();

        try (KafkaProducer<String, MarketTick> producer = KafkaFixtures.tickProducer(kafka.clientConfig());
             KafkaConsumer<String, Prediction> reader = KafkaFixtures.predictionReader(kafka.clientConfig())) {
            SyntheticTicks ticks = new SyntheticTicks(99, symbols, 2.0, 0.5);
            for (int i = 0; i < TICKS; i++) {
                MarketTick tick = ticks.next();
                producer.send(new ProducerRecord<>(Topics.TICKS.name(), tick.getSymbol(), tick));
            }
            producer.flush();

            ChildJvm first = startScorer(kafka, applicationId, "1");
            try {
                await().atMost(Duration.ofSeconds(90)).until(() -> {
                    first.ensureAlive("scoring before the kill");
                    KafkaFixtures.drain(reader, ours, p -> count(p, unique, total));
                    return unique.size() >= 5_000;
                });
            } finally {
                ProcessHandle.of(first.pid()).ifPresent(ProcessHandle::destroyForcibly);
                first.close();
            }
            int atKill = unique.size();
            assertThat(atKill).as("killed mid-stream").isLessThan(TICKS);

            try (ChildJvm second = startScorer(kafka, applicationId, "2")) {
                await().atMost(Duration.ofSeconds(120)).until(() -> {
                    second.ensureAlive("scoring after the restart");
                    KafkaFixtures.drain(reader, ours, p -> count(p, unique, total));
                    return unique.size() >= TICKS;
                });
                // Read to the committed end so that any duplicate written after the last new prediction shows.
                List<TopicPartition> partitions = new ArrayList<>(reader.assignment());
                Map<TopicPartition, Long> ends = reader.endOffsets(partitions);
                await().atMost(Duration.ofSeconds(60)).until(() -> {
                    KafkaFixtures.drain(reader, ours, p -> count(p, unique, total));
                    return partitions.stream().allMatch(tp -> reader.position(tp) >= ends.get(tp));
                });
            }
        }
        assertThat(unique).hasSize(TICKS);
        assertThat(total.get()).as("predictions of our symbols, doubles included").isEqualTo(TICKS);
    }

    private static void count(Prediction prediction, Set<String> unique, AtomicLong total) {
        unique.add(prediction.getSymbol() + "#" + prediction.getTickSequence());
        total.incrementAndGet();
    }
}
