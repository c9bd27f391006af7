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
import java.time.Instant;
import java.util.ArrayList;
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
    private static final Duration PROGRESS_PERIOD = Duration.ofSeconds(5);
    private static final int STEADY_SECONDS = 3;

    private Measurement() {
    }

    /**
     * What was measured in the window; {@code steady}: the warm-up ended on a steady rate, not on its time limit;
     * {@code warm}: every process's JIT had settled by then; {@code warmupSeconds}: how long the warm-up took.
     */
    record Window(double perSecond, double seconds, Latency latency, boolean steady, boolean warm,
                  double warmupSeconds) {
    }

    /** What a step watches besides the output topic: liveness, the window's opening, extra progress figures. */
    interface Probe {
        /** Throws when a process or client of the step died; called every poll. */
        void check();

        /** Runs as the measured window opens (e.g. to read the processes' CPU time). */
        void open();

        /** Whether the JIT of every process of the step has settled; called about once a second in warm-up. */
        boolean warm();

        /** Figures appended to each progress line, e.g. the lag. */
        String progress();
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
        List<TopicPartition> assignment = new ArrayList<>();
        for (int p = 0; p < partitions; p++) {
            assignment.add(new TopicPartition(topic, p));
        }
        consumer.assign(assignment);
        consumer.seekToEnd(assignment);
        assignment.forEach(consumer::position);
        return consumer;
    }

    /**
     * Waits for the first record, lets the warm-up pass, then measures for the window, printing progress every five
     * seconds. A flat-out step ({@code offeredPerSecond} 0) needs no steady rate to end its warm-up.
     */
    static Window measure(KafkaConsumer<byte[], byte[]> consumer,
                          ToLongFunction<ConsumerRecord<byte[], byte[]>> sourceMicros,
                          int offeredPerSecond, Step.Timing timing, String label, PrintWriter out, Probe probe) {
        Duration warmup = timing.warmup();
        Duration window = timing.window();
        long deadline = System.nanoTime() + FIRST_RECORD_TIMEOUT.toNanos();
        boolean flowing = false;
        while (!flowing) {
            probe.check();
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(label + ": no record within " + FIRST_RECORD_TIMEOUT);
            }
            flowing = !consumer.poll(Duration.ofMillis(200)).isEmpty();
        }
        out.printf(Locale.ROOT, "  %s: records flowing; warming up at least %d s%n", label, warmup.toSeconds());
        out.flush();
        // Warm-up lasts at least `warmup` and until three seconds in a row deliver 90-110 % of the offered rate: a
        // backlog (e.g. what queued while a service started) is drained, and a stall (a rebalance) is over, before
        // measuring; and, unless the timing says not to wait, until every process's JIT compiler has gone quiet.
        long warmupStart = System.nanoTime();
        long minEnd = warmupStart + warmup.toNanos();
        long maxEnd = warmupStart + Math.max(warmup.toNanos(), timing.maxWarmup().toNanos());
        long bucketStart = warmupStart;
        long bucketCount = 0;
        int steadySeconds = 0;
        boolean settled = offeredPerSecond == 0;
        boolean warm = false;
        while (System.nanoTime() < maxEnd && !(settled && (warm || !timing.waitForJit())
                && System.nanoTime() >= minEnd)) {
            probe.check();
            bucketCount += consumer.poll(Duration.ofMillis(100)).count();
            if (System.nanoTime() - bucketStart >= 1_000_000_000L) {
                if (offeredPerSecond > 0) {
                    boolean steady = bucketCount >= offeredPerSecond * 0.9 && bucketCount <= offeredPerSecond * 1.1;
                    steadySeconds = steady ? steadySeconds + 1 : 0;
                    settled = steadySeconds >= STEADY_SECONDS;
                }
                warm = probe.warm();
                bucketStart = System.nanoTime();
                bucketCount = 0;
            }
        }
        double warmupSeconds = (System.nanoTime() - warmupStart) / 1e9;
        if (!settled) {
            out.printf(Locale.ROOT, "  %s: still draining a backlog after %.0f s of warm-up; measuring anyway%n", label,
                    warmupSeconds);
        } else if (!warm) {
            out.printf(Locale.ROOT, "  %s: JIT still compiling after %.0f s of warm-up: figures are cold%n", label,
                    warmupSeconds);
        }
        probe.open();
        Histogram histogram = Latency.newHistogram();
        long start = System.nanoTime();
        long end = start + window.toNanos();
        long nextReport = start + PROGRESS_PERIOD.toNanos();
        long count = 0;
        while (System.nanoTime() < end) {
            probe.check();
            for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(20))) {
                long now = nowMicros();
                histogram.recordValue(Math.max(0, Math.min(now - sourceMicros.applyAsLong(record),
                        Latency.HIGHEST_MICROS)));
                count++;
            }
            if (System.nanoTime() >= nextReport) {
                Latency soFar = Latency.of(histogram);
                out.printf(Locale.ROOT, "  %s: %d/%d s, offered %s, achieved %.0f/s, p50 %.1f ms, p99 %.1f ms%s%n",
                        label, (System.nanoTime() - start) / 1_000_000_000L, window.toSeconds(),
                        offeredPerSecond == 0 ? "flat out" : offeredPerSecond + "/s",
                        count * 1e9 / (System.nanoTime() - start), soFar.p50Ms(), soFar.p99Ms(), probe.progress());
                out.flush();
                nextReport += PROGRESS_PERIOD.toNanos();
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        return new Window(count / seconds, seconds, Latency.of(histogram), settled, warm, warmupSeconds);
    }

    static long nowMicros() {
        Instant now = Instant.now();
        return now.getEpochSecond() * 1_000_000L + now.getNano() / 1_000;
    }
}
