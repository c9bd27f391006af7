package io.atlas.perf.bench;

import org.HdrHistogram.Histogram;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.ToLongFunction;

/**
 * Reads an output topic (copies or predictions) from its end as records become visible, and measures how long each
 * took from its source timestamp (micros) to here, plus how many per second became visible, over a window that
 * starts once records flow and a warm-up has passed.
 */
final class Measurement {

    private static final Duration FIRST_RECORD_TIMEOUT = Duration.ofMinutes(3);
    private static final int MAX_WARMUP_FACTOR = 4;

    private Measurement() {
    }

    /** What was measured in the window. */
    record Window(double perSecond, double seconds, Latency latency, long startNanos) {
    }

    static KafkaConsumer<byte[], byte[]> openAtEnd(Map<String, Object> client, Admin admin, String topic,
                                                   boolean readCommitted) throws Exception {
        Map<String, Object> settings = new HashMap<>(client);
        settings.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, readCommitted ? "read_committed" : "read_uncommitted");
        settings.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        settings.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5000);
        KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(settings, new ByteArrayDeserializer(),
                new ByteArrayDeserializer());
        int partitions = admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic).partitions().size();
        List<TopicPartition> assignment = new java.util.ArrayList<>();
        for (int p = 0; p < partitions; p++) {
            assignment.add(new TopicPartition(topic, p));
        }
        consumer.assign(assignment);
        consumer.seekToEnd(assignment);
        assignment.forEach(consumer::position);
        return consumer;
    }

    /**
     * Waits for the first record, lets {@code warmup} pass, then measures for {@code window}, printing progress
     * every five seconds. {@code alive} is checked every poll so that a dead service fails the run at once;
     * {@code windowStart} runs as the measured window opens (e.g. to read the processes' CPU time).
     */
    static Window measure(KafkaConsumer<byte[], byte[]> consumer, ToLongFunction<ConsumerRecord<byte[], byte[]>> sourceMicros,
                          int offeredPerSecond, Duration warmup, Duration window, String label, PrintWriter out, Runnable alive,
                          Runnable windowStart) {
        long deadline = System.nanoTime() + FIRST_RECORD_TIMEOUT.toNanos();
        boolean flowing = false;
        while (!flowing) {
            alive.run();
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(label + ": no record within " + FIRST_RECORD_TIMEOUT);
            }
            flowing = !consumer.poll(Duration.ofMillis(200)).isEmpty();
        }
        out.printf(Locale.ROOT, "  %s: records flowing; warming up at least %d s%n", label, warmup.toSeconds());
        out.flush();
        // Warm-up lasts at least `warmup` and until a whole second delivers no more than 110 % of the offered rate:
        // a backlog (e.g. the ticks queued while the scorer trained its first model) is drained before measuring.
        long warmupStart = System.nanoTime();
        long minEnd = warmupStart + warmup.toNanos();
        long maxEnd = warmupStart + warmup.multipliedBy(MAX_WARMUP_FACTOR).toNanos();
        long bucketStart = warmupStart;
        long bucketCount = 0;
        boolean settled = false;
        while (System.nanoTime() < maxEnd && !(settled && System.nanoTime() >= minEnd)) {
            alive.run();
            bucketCount += consumer.poll(Duration.ofMillis(100)).count();
            if (System.nanoTime() - bucketStart >= 1_000_000_000L) {
                settled = bucketCount <= offeredPerSecond * 1.1;
                bucketStart = System.nanoTime();
                bucketCount = 0;
            }
        }
        if (!settled) {
            out.printf(Locale.ROOT, "  %s: still draining a backlog after %d s of warm-up; measuring anyway%n", label,
                    (System.nanoTime() - warmupStart) / 1_000_000_000L);
        }
        windowStart.run();
        Histogram histogram = Latency.newHistogram();
        long start = System.nanoTime();
        long end = start + window.toNanos();
        long nextReport = start + Duration.ofSeconds(5).toNanos();
        long count = 0;
        while (System.nanoTime() < end) {
            alive.run();
            for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(20))) {
                long now = nowMicros();
                histogram.recordValue(Math.max(0, Math.min(now - sourceMicros.applyAsLong(record),
                        histogram.getHighestTrackableValue())));
                count++;
            }
            if (System.nanoTime() >= nextReport) {
                Latency soFar = Latency.of(histogram);
                out.printf(Locale.ROOT, "  %s: %d s, %.0f/s, p50 %.1f ms, p99 %.1f ms, max %.1f ms%n", label,
                        (System.nanoTime() - start) / 1_000_000_000L, count * 1e9 / (System.nanoTime() - start),
                        soFar.p50Ms(), soFar.p99Ms(), soFar.maxMs());
                out.flush();
                nextReport += Duration.ofSeconds(5).toNanos();
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        return new Window(count / seconds, seconds, Latency.of(histogram), start);
    }

    static long nowMicros() {
        java.time.Instant now = java.time.Instant.now();
        return now.getEpochSecond() * 1_000_000L + now.getNano() / 1_000;
    }
}
