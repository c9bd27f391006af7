package io.atlas.ingest.bridge;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Reads a whole topic from the beginning with {@code read_committed}, as a downstream consumer does, without a
 * consumer group: it keeps what {@code filter} accepts.
 */
public final class TopicReader implements AutoCloseable {

    private final KafkaConsumer<byte[], byte[]> consumer;
    private final Predicate<ConsumerRecord<byte[], byte[]>> filter;
    private final List<ConsumerRecord<byte[], byte[]>> kept = new ArrayList<>();

    public TopicReader(Map<String, Object> clientConfig, String topic, Predicate<ConsumerRecord<byte[], byte[]>> filter) {
        Map<String, Object> settings = new HashMap<>(clientConfig);
        settings.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        settings.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        this.consumer = new KafkaConsumer<>(settings, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        this.filter = filter;
        List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(30)).stream()
                .map(p -> new TopicPartition(topic, p.partition())).toList();
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
    }

    /** Polls once and returns everything kept so far. */
    public List<ConsumerRecord<byte[], byte[]>> poll() {
        for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
            if (filter.test(record)) {
                kept.add(record);
            }
        }
        return kept;
    }

    /** Polls until at least {@code count} records are kept, then a little longer to catch any extra; bounded. */
    public List<ConsumerRecord<byte[], byte[]>> readAtLeast(int count, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (poll().size() < count && System.nanoTime() < deadline) {
            // keep polling
        }
        // Records beyond the expected count (duplicates) would show up here.
        for (int i = 0; i < 5; i++) {
            poll();
        }
        return List.copyOf(kept);
    }

    @Override
    public void close() {
        consumer.close();
    }
}
