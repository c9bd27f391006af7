package io.atlas.inference.train;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.function.Consumer;
import java.util.function.ToLongFunction;

/**
 * Reads a bounded range of a topic without a consumer group: every partition from {@code fromOffset} (or its
 * start) up to its end offset as seen when reading begins, at most {@code maxRecords} in all. Only committed
 * records are read (read_committed), so an exactly-once producer's aborted records never reach training.
 */
public final class TopicReader {

    private TopicReader() {
    }

    /** The raw records, per partition in offset order. */
    public static Map<Integer, List<ConsumerRecord<byte[], byte[]>>> read(Map<String, Object> clientSettings,
                                                                          String topic, long fromOffset,
                                                                          long maxRecords, Duration timeout) {
        Map<String, Object> settings = new HashMap<>(clientSettings);
        settings.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        settings.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        settings.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5000);
        Map<Integer, List<ConsumerRecord<byte[], byte[]>>> byPartition = new HashMap<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(settings, new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = new ArrayList<>();
            for (PartitionInfo info : consumer.partitionsFor(topic, timeout)) {
                partitions.add(new TopicPartition(topic, info.partition()));
            }
            if (partitions.isEmpty()) {
                throw new IllegalArgumentException("topic " + topic + " does not exist");
            }
            consumer.assign(partitions);
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions, timeout);
            Map<TopicPartition, Long> starts = consumer.beginningOffsets(partitions, timeout);
            List<TopicPartition> open = new ArrayList<>();
            for (TopicPartition partition : partitions) {
                long start = Math.max(fromOffset, starts.get(partition));
                if (start < ends.get(partition)) {
                    consumer.seek(partition, start);
                    open.add(partition);
                    byPartition.put(partition.partition(), new ArrayList<>());
                }
            }
            consumer.assign(open);
            long deadline = System.nanoTime() + timeout.toNanos();
            long count = 0;
            while (!open.isEmpty() && count < maxRecords) {
                if (System.nanoTime() > deadline) {
                    throw new TimeoutException("reading " + topic + " took longer than " + timeout);
                }
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    TopicPartition partition = new TopicPartition(record.topic(), record.partition());
                    if (record.offset() < ends.get(partition) && count < maxRecords) {
                        byPartition.get(record.partition()).add(record);
                        count++;
                    }
                }
                open.removeIf(partition -> consumer.position(partition) >= ends.get(partition));
                consumer.assign(open);
            }
        }
        return byPartition;
    }

    /**
     * Merges per-partition lists into one sequence ordered by {@code time}, never reordering records of one
     * partition (so each symbol's ticks keep their sequence order).
     */
    public static <T> void mergeByTime(Map<Integer, List<T>> byPartition, ToLongFunction<T> time, Consumer<T> sink) {
        record Head<T>(List<T> list, int index, long time) {
        }
        PriorityQueue<Head<T>> heads = new PriorityQueue<>(Comparator.comparingLong(Head::time));
        for (List<T> list : byPartition.values()) {
            if (!list.isEmpty()) {
                heads.add(new Head<>(list, 0, time.applyAsLong(list.get(0))));
            }
        }
        while (!heads.isEmpty()) {
            Head<T> head = heads.poll();
            sink.accept(head.list().get(head.index()));
            int next = head.index() + 1;
            if (next < head.list().size()) {
                heads.add(new Head<>(head.list(), next, time.applyAsLong(head.list().get(next))));
            }
        }
    }
}
