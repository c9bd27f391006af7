package io.atlas.keda.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.atlas.catalog.Topics;
import io.atlas.keda.cli.DrCheck.Checkpointed;
import io.atlas.keda.cli.DrCheck.Mirrored;
import io.atlas.local.junit.KafkaExtension;
import io.atlas.local.junit.WithKafka;
import io.atlas.local.kafka.CatalogTopics;
import io.atlas.local.kafka.KafkaCluster;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * The DR check on a real broker. One broker per test JVM, so the "DR cluster" is the same broker under other
 * names: each test's primary topic and group have a copy ({@code dr-...}) that the test fills the way MirrorMaker
 * would, or fails to.
 */
@WithKafka
class DrCheckTest {

    static final Instant NOW = Instant.parse("2026-12-01T12:00:00Z");
    static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);

    record Pair(Mirrored topic, Checkpointed group) {
    }

    static Pair pair(KafkaCluster kafka) throws Exception {
        String topic = KafkaExtension.uniqueTopicName("primary");
        String copy = "dr-" + topic;
        try (Admin admin = kafka.admin()) {
            admin.createTopics(List.of(new NewTopic(topic, 2, (short) 1), new NewTopic(copy, 2, (short) 1))).all()
                    .get();
        }
        return new Pair(new Mirrored(topic, copy), new Checkpointed("g-" + topic, "g-" + copy, topic, copy));
    }

    /** {@code count} records into the partition, the i-th stamped {@code first + i × step}. */
    static void produce(KafkaCluster kafka, String topic, int partition, int count, Instant first, Duration step) {
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(kafka.clientConfig(),
                new ByteArraySerializer(), new ByteArraySerializer())) {
            for (int i = 0; i < count; i++) {
                producer.send(new ProducerRecord<>(topic, partition, first.plus(step.multipliedBy(i)).toEpochMilli(),
                        ("k" + i).getBytes(StandardCharsets.UTF_8), new byte[] {(byte) i}));
            }
        }
    }

    static void commit(KafkaCluster kafka, String group, String topic, int partition, long offset) throws Exception {
        try (Admin admin = kafka.admin()) {
            admin.alterConsumerGroupOffsets(group, Map.of(new TopicPartition(topic, partition),
                    new OffsetAndMetadata(offset))).all().get();
        }
    }

    static List<String> check(KafkaCluster kafka, Pair pair) {
        try (DrCheck check = new DrCheck(kafka.clientConfig(), kafka.clientConfig(), CLOCK, DrCheck.RPO,
                DrCheck.MAX_CHECKPOINT_LAG)) {
            return check.problems(List.of(pair.topic()), List.of(pair.group()));
        }
    }

    /** Both partitions of the primary and the copy with the same ten records, the group translated exactly. */
    static Pair mirrored(KafkaCluster kafka) throws Exception {
        Pair pair = pair(kafka);
        Instant start = NOW.minusSeconds(70);
        for (int partition = 0; partition < 2; partition++) {
            produce(kafka, pair.topic().topic(), partition, 10, start, Duration.ofSeconds(1));
            produce(kafka, pair.topic().drTopic(), partition, 10, start, Duration.ofSeconds(1));
            commit(kafka, pair.group().group(), pair.topic().topic(), partition, 10);
            commit(kafka, pair.group().drGroup(), pair.topic().drTopic(), partition, 10);
        }
        return pair;
    }

    @Test
    void shouldFindNothingWhenTheCopyHoldsEveryRecordAndPositionsAreTranslated(KafkaCluster kafka) throws Exception {
        assertThat(check(kafka, mirrored(kafka))).isEmpty();
    }

    @Test
    void shouldReportRecordsWaitingLongerThanTheRpo(KafkaCluster kafka) throws Exception {
        Pair pair = mirrored(kafka);
        // Three records reach the primary's partition 1; the mirror copies none of them.
        produce(kafka, pair.topic().topic(), 1, 3, NOW.minusSeconds(42), Duration.ofSeconds(1));

        assertThat(check(kafka, pair)).containsExactly("mirror lag: " + pair.topic().topic() + "-1: the oldest "
                + "record not in the DR cluster has waited 42 s (RPO 5 s)");
    }

    @Test
    void shouldAcceptRecordsNotYetCopiedWithinTheRpo(KafkaCluster kafka) throws Exception {
        Pair pair = mirrored(kafka);
        produce(kafka, pair.topic().topic(), 0, 2, NOW.minusSeconds(3), Duration.ofSeconds(1));

        assertThat(check(kafka, pair)).isEmpty();
    }

    @Test
    void shouldReportATranslatedPositionTrailingThePrimary(KafkaCluster kafka) throws Exception {
        Pair pair = mirrored(kafka);
        // The primary group reads 40 more records, stamped 40 s later; the DR group's position has not moved.
        produce(kafka, pair.topic().topic(), 0, 40, NOW.minusSeconds(60), Duration.ofSeconds(1));
        produce(kafka, pair.topic().drTopic(), 0, 40, NOW.minusSeconds(60), Duration.ofSeconds(1));
        commit(kafka, pair.group().group(), pair.topic().topic(), 0, 50);

        assertThat(check(kafka, pair)).containsExactly("checkpoint: group " + pair.group().drGroup()
                + " would resume " + pair.topic().drTopic() + "-0 at 40 s behind its primary position (limit 30 s)");
    }

    @Test
    void shouldReportAGroupWithNoTranslatedPosition(KafkaCluster kafka) throws Exception {
        Pair pair = pair(kafka);
        produce(kafka, pair.topic().topic(), 0, 5, NOW.minusSeconds(70), Duration.ofSeconds(1));
        produce(kafka, pair.topic().drTopic(), 0, 5, NOW.minusSeconds(70), Duration.ofSeconds(1));
        commit(kafka, pair.group().group(), pair.topic().topic(), 0, 5);

        assertThat(check(kafka, pair)).containsExactly("checkpoint: group " + pair.group().drGroup()
                + " has no translated position for " + pair.topic().drTopic() + "-0 in the DR cluster");
    }

    @Test
    void shouldReportATopicTheDrClusterLacks(KafkaCluster kafka) throws Exception {
        Pair pair = pair(kafka);
        Mirrored missing = new Mirrored(pair.topic().topic(), "dr-missing-" + pair.topic().topic());

        try (DrCheck check = new DrCheck(kafka.clientConfig(), kafka.clientConfig(), CLOCK, DrCheck.RPO,
                DrCheck.MAX_CHECKPOINT_LAG)) {
            assertThat(check.problems(List.of(missing), List.of())).containsExactly(missing.drTopic()
                    + ": not in the DR cluster");
        }
    }

    @Test
    void shouldPassTheCommandOnClustersHoldingTheSameMirroredTopics(KafkaCluster kafka) throws Exception {
        try (Admin admin = kafka.admin()) {
            CatalogTopics.create(admin, Topics.all());
        }
        StringWriter out = new StringWriter();
        CommandLine command = AtlasDeployCli.commandLine(() -> {
            throw new IllegalStateException("validate --dr must not need the Kubernetes API");
        });
        command.setOut(new PrintWriter(out));

        int exit = command.execute("validate", "--dr", "--primary-bootstrap", kafka.bootstrapServers(),
                "--dr-bootstrap", kafka.bootstrapServers());

        assertThat(exit).as(out.toString()).isZero();
        assertThat(out.toString()).contains("DR mirror OK");
    }
}
