package io.atlas.keda.cli;

import io.atlas.catalog.Application;
import io.atlas.catalog.Applications;
import io.atlas.catalog.Topic;
import io.atlas.strimzi.MirrorResources;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Checks the disaster-recovery mirror from the two clusters themselves, so it works wherever both are reachable (no
 * Prometheus, no Kubernetes API):
 *
 * <ul>
 *   <li><b>Mirror lag</b>, per partition of every mirrored topic: how long the oldest committed record the primary
 *       holds and the DR cluster does not has been waiting, from record timestamps (MirrorMaker keeps them). Above the
 *       RPO it is a problem: that is what a failover now would lose.</li>
 *   <li><b>Checkpoint freshness</b>, per partition of each lag-scaled group's input topic: how far, in record time,
 *       the group's translated position in the DR cluster trails its position in the primary. After a failover the
 *       group resumes there and processes that much again; beyond a few translation rounds the checkpoints are
 *       stale.</li>
 * </ul>
 *
 * <p>Topic and group names map from the primary to the DR cluster ({@link Mirrored}, {@link Checkpointed}); Atlas
 * mirrors with the identity policy ({@link #atlasTopics()}, {@link #atlasGroups()}).
 */
public final class DrCheck implements AutoCloseable {

    /** A topic in the primary and its copy in the DR cluster. */
    public record Mirrored(String topic, String drTopic) {
    }

    /** A consumer group reading {@code topic} in the primary, and its translated twin in the DR cluster. */
    public record Checkpointed(String group, String drGroup, String topic, String drTopic) {
    }

    /** Checkpoints are translated every sync interval; three missed rounds make them stale. */
    public static final Duration MAX_CHECKPOINT_LAG = Duration.ofSeconds(3L * MirrorResources.SYNC_INTERVAL_SECONDS);

    public static final Duration RPO = Duration.ofSeconds(MirrorResources.RPO_SECONDS);

    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    /** How far back from a position to look for the record before it (transaction markers take offsets too). */
    private static final int LOOK_BACK = 64;

    private final Side primary;
    private final Side dr;
    private final Clock clock;
    private final Duration rpo;
    private final Duration maxCheckpointLag;

    public DrCheck(Map<String, Object> primarySettings, Map<String, Object> drSettings, Clock clock, Duration rpo,
            Duration maxCheckpointLag) {
        this.primary = new Side("primary", primarySettings);
        this.dr = new Side("DR", drSettings);
        this.clock = clock;
        this.rpo = rpo;
        this.maxCheckpointLag = maxCheckpointLag;
    }

    /** Every catalog topic MirrorMaker copies, under its own name. */
    public static List<Mirrored> atlasTopics() {
        return MirrorResources.mirroredTopics().stream().map(Topic::name).map(name -> new Mirrored(name, name))
                .toList();
    }

    /** Each lag-scaled application's group on the topic it is scaled on, under the same names. */
    public static List<Checkpointed> atlasGroups() {
        List<Checkpointed> groups = new ArrayList<>();
        for (Application application : Applications.all()) {
            if (application.scaling() instanceof Application.Scaling.ConsumerLag lag) {
                String group = application.consumerGroup().orElseThrow();
                groups.add(new Checkpointed(group, group, lag.topic().name(), lag.topic().name()));
            }
        }
        return groups;
    }

    /** Every problem found, one line each; empty when the mirror is within the RPO and its checkpoints fresh. */
    public List<String> problems(List<Mirrored> topics, List<Checkpointed> groups) {
        List<String> problems = new ArrayList<>();
        for (Mirrored mirrored : topics) {
            problems.addAll(lagProblems(mirrored));
        }
        for (Checkpointed checkpointed : groups) {
            problems.addAll(checkpointProblems(checkpointed));
        }
        return problems;
    }

    private List<String> lagProblems(Mirrored mirrored) {
        Optional<Integer> partitions = primary.partitions(mirrored.topic());
        Optional<Integer> copies = dr.partitions(mirrored.drTopic());
        if (partitions.isEmpty()) {
            return List.of(mirrored.topic() + ": not in the primary cluster");
        }
        if (copies.isEmpty()) {
            return List.of(mirrored.drTopic() + ": not in the DR cluster");
        }
        if (!partitions.equals(copies)) {
            return List.of(mirrored.drTopic() + ": " + copies.get() + " partitions in the DR cluster, "
                    + partitions.get() + " in the primary");
        }
        List<String> problems = new ArrayList<>();
        for (int partition = 0; partition < partitions.get(); partition++) {
            TopicPartition source = new TopicPartition(mirrored.topic(), partition);
            long copied = dr.newestTimestamp(new TopicPartition(mirrored.drTopic(), partition));
            OptionalLong waiting = primary.firstTimestampAfter(source, copied);
            if (waiting.isPresent()) {
                Duration age = Duration.ofMillis(Math.max(0, clock.millis() - waiting.getAsLong()));
                if (age.compareTo(rpo) > 0) {
                    problems.add("mirror lag: " + source + ": the oldest record not in the DR cluster has waited "
                            + age.toSeconds() + " s (RPO " + rpo.toSeconds() + " s)");
                }
            }
        }
        return problems;
    }

    private List<String> checkpointProblems(Checkpointed checkpointed) {
        Map<TopicPartition, OffsetAndMetadata> positions = primary.committed(checkpointed.group());
        Map<TopicPartition, OffsetAndMetadata> translated = dr.committed(checkpointed.drGroup());
        List<String> problems = new ArrayList<>();
        for (Map.Entry<TopicPartition, OffsetAndMetadata> position : positions.entrySet()) {
            TopicPartition source = position.getKey();
            if (!source.topic().equals(checkpointed.topic()) || position.getValue().offset() == 0) {
                continue;
            }
            TopicPartition copy = new TopicPartition(checkpointed.drTopic(), source.partition());
            OffsetAndMetadata twin = translated.get(copy);
            if (twin == null) {
                problems.add("checkpoint: group " + checkpointed.drGroup() + " has no translated position for "
                        + copy + " in the DR cluster");
                continue;
            }
            long consumed = primary.timestampBefore(source, position.getValue().offset());
            long resumed = twin.offset() == 0 ? Long.MIN_VALUE : dr.timestampBefore(copy, twin.offset());
            if (consumed > resumed && consumed - resumed > maxCheckpointLag.toMillis()) {
                String behind = resumed == Long.MIN_VALUE ? "the partition's start"
                        : Duration.ofMillis(consumed - resumed).toSeconds() + " s";
                problems.add("checkpoint: group " + checkpointed.drGroup() + " would resume " + copy
                        + " at " + behind + " behind its primary position (limit " + maxCheckpointLag.toSeconds()
                        + " s)");
            }
        }
        return problems;
    }

    @Override
    public void close() {
        primary.close();
        dr.close();
    }

    /** One cluster: an admin client and a consumer assigning partitions by hand (no group). */
    private static final class Side implements AutoCloseable {

        private final String name;
        private final Admin admin;
        private final KafkaConsumer<byte[], byte[]> consumer;

        Side(String name, Map<String, Object> settings) {
            this.name = name;
            this.admin = Admin.create(settings);
            Map<String, Object> consumerSettings = new HashMap<>(settings);
            consumerSettings.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
            consumerSettings.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
            consumerSettings.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, LOOK_BACK);
            this.consumer = new KafkaConsumer<>(consumerSettings, new ByteArrayDeserializer(),
                    new ByteArrayDeserializer());
        }

        Optional<Integer> partitions(String topic) {
            try {
                TopicDescription description = admin.describeTopics(List.of(topic)).allTopicNames()
                        .get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS).get(topic);
                return Optional.of(description.partitions().size());
            } catch (ExecutionException e) {
                if (e.getCause() instanceof UnknownTopicOrPartitionException) {
                    return Optional.empty();
                }
                throw failure("describe " + topic, e);
            } catch (InterruptedException | TimeoutException e) {
                throw failure("describe " + topic, e);
            }
        }

        Map<TopicPartition, OffsetAndMetadata> committed(String group) {
            try {
                Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
                admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata()
                        .get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS).forEach((partition, offset) -> {
                            if (offset != null) {
                                offsets.put(partition, offset);
                            }
                        });
                return offsets;
            } catch (ExecutionException | InterruptedException | TimeoutException e) {
                throw failure("read the offsets of group " + group, e);
            }
        }

        /** The timestamp of the partition's newest committed record; {@code Long.MIN_VALUE} when it has none. */
        long newestTimestamp(TopicPartition partition) {
            return timestampBefore(partition, consumer.endOffsets(List.of(partition), TIMEOUT).get(partition));
        }

        /** The timestamp of the last committed record before {@code offset}; {@code Long.MIN_VALUE} for none. */
        long timestampBefore(TopicPartition partition, long offset) {
            long[] timestamp = {Long.MIN_VALUE};
            scan(partition, Math.max(0, offset - LOOK_BACK), offset, record -> {
                timestamp[0] = record.timestamp();
                return false;
            });
            return timestamp[0];
        }

        /** The timestamp of the first committed record newer than {@code timestamp}, if the partition has one. */
        OptionalLong firstTimestampAfter(TopicPartition partition, long timestamp) {
            long from = 0;
            if (timestamp != Long.MIN_VALUE) {
                OffsetAndTimestamp found = consumer.offsetsForTimes(Map.of(partition, timestamp + 1), TIMEOUT)
                        .get(partition);
                if (found == null) {
                    return OptionalLong.empty();
                }
                from = found.offset();
            }
            long[] first = {Long.MIN_VALUE};
            scan(partition, from, Long.MAX_VALUE, record -> {
                first[0] = record.timestamp();
                return record.timestamp() > timestamp;
            });
            return first[0] > timestamp ? OptionalLong.of(first[0]) : OptionalLong.empty();
        }

        /**
         * Hands the committed records from {@code from} up to {@code to} (or the end) to {@code visitor} in order,
         * until it returns true.
         */
        private void scan(TopicPartition partition, long from, long to, Predicate<ConsumerRecord<?, ?>> visitor) {
            long end = Math.min(to, consumer.endOffsets(List.of(partition), TIMEOUT).get(partition));
            if (from >= end) {
                return;
            }
            consumer.assign(List.of(partition));
            consumer.seek(partition, from);
            long deadline = System.nanoTime() + TIMEOUT.toNanos();
            while (consumer.position(partition, TIMEOUT) < end) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("Could not read " + partition + " of the " + name
                            + " cluster up to offset " + end + " within " + TIMEOUT);
                }
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    if (record.offset() >= end || visitor.test(record)) {
                        return;
                    }
                }
            }
        }

        private IllegalStateException failure(String what, Exception cause) {
            if (cause instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            return new IllegalStateException("Could not " + what + " in the " + name + " cluster: "
                    + cause.getMessage(), cause);
        }

        @Override
        public void close() {
            consumer.close();
            admin.close();
        }
    }
}
