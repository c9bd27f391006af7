package io.atlas.perf.bench;

import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
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
 * plain clients (no features, no model, no transactions), on a thread of its own until closed. {@link #main} runs it
 * as a JVM of its own, so that its CPU is told apart from the source's and the reader's.
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

    /** Arguments: bootstrap servers, input topic, output topic, consumer group. Runs until the JVM is stopped. */
    public static void main(String[] args) throws InterruptedException {
        if (args.length != 4) {
            throw new IllegalArgumentException("usage: CopyLoop <bootstrap> <from> <to> <group>");
        }
        CopyLoop loop = new CopyLoop(Map.of(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, args[0]), args[1], args[2],
                args[3]);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                loop.close();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "copy-loop-shutdown"));
        while (loop.failure == null) {
            Thread.sleep(200);
        }
        loop.ensureAlive();
    }

    private void run(Map<String, Object> client, String from, String to, String group) {
        Map<String, Object> consumerSettings = new HashMap<>(client);
        consumerSettings.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        consumerSettings.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        consumerSettings.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5000);
        // Committed offsets are how the bench sees the loop's lag: commit as often as Streams does.
        consumerSettings.put(ConsumerConfig.AUTO_COMMIT_INTERVAL_MS_CONFIG, 100);
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(consumerSettings,
                new ByteArrayDeserializer(), new ByteArrayDeserializer());
             KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(ProducerSettings.publisher(client),
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
