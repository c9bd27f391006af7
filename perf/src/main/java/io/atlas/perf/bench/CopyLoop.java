package io.atlas.perf.bench;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The bare baseline of a stream processor: reads records from one topic and writes each, unchanged, to another with
 * plain clients (no features, no model, no transactions), on a thread of its own until closed.
 */
final class CopyLoop implements AutoCloseable {

    private final Thread thread;
    private final AtomicLong copied = new AtomicLong();
    private volatile boolean running = true;
    private volatile Throwable failure;

    CopyLoop(Map<String, Object> client, String from, String to, String group) {
        thread = new Thread(() -> run(client, from, to, group), "copy-loop");
        thread.setDaemon(true);
        thread.start();
    }

    static Map<String, Object> producerSettings(Map<String, Object> client) {
        Map<String, Object> settings = new HashMap<>(client);
        settings.put(ProducerConfig.ACKS_CONFIG, "all");
        settings.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        settings.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        return settings;
    }

    private void run(Map<String, Object> client, String from, String to, String group) {
        Map<String, Object> consumerSettings = new HashMap<>(client);
        consumerSettings.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        consumerSettings.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        consumerSettings.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5000);
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(consumerSettings,
                new ByteArrayDeserializer(), new ByteArrayDeserializer());
             KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(producerSettings(client),
                     new ByteArraySerializer(), new ByteArraySerializer())) {
            consumer.subscribe(List.of(from));
            while (running) {
                ConsumerRecords<byte[], byte[]> records = consumer.poll(Duration.ofMillis(50));
                for (ConsumerRecord<byte[], byte[]> record : records) {
                    producer.send(new ProducerRecord<>(to, null, record.timestamp(), record.key(), record.value()));
                }
                copied.addAndGet(records.count());
            }
        } catch (Throwable e) {
            failure = e;
        }
    }

    long copied() {
        return copied.get();
    }

    /** Throws if the loop died. */
    void ensureAlive() {
        if (failure != null) {
            throw new IllegalStateException("the copy loop failed", failure);
        }
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        thread.join(Duration.ofSeconds(30).toMillis());
    }
}
