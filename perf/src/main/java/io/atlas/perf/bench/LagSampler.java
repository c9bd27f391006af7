package io.atlas.perf.bench;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.IntStream;

/**
 * Samples, once a second on a thread of its own, a consumer group's lag on its input topic (end offsets minus the
 * group's committed offsets, summed over partitions) and the input's summed end offset, from which the rate the
 * input was written at follows. Runs from construction until closed.
 */
final class LagSampler implements AutoCloseable {

    private static final Duration PERIOD = Duration.ofSeconds(1);

    private final Admin admin;
    private final String group;
    private final List<TopicPartition> partitions;
    private final Thread thread;
    private volatile boolean running = true;
    private volatile long latestLag = -1;
    private long maxLag = -1;
    private long firstLag = -1;
    private long firstEnd = -1;
    private long firstNanos;
    private long lastEnd = -1;
    private long lastNanos;

    LagSampler(Admin admin, String group, String topic, int partitionCount) {
        this.admin = admin;
        this.group = group;
        this.partitions = IntStream.range(0, partitionCount)
                .mapToObj(p -> new TopicPartition(topic, p)).toList();
        thread = new Thread(this::run, "lag-sampler");
        thread.setDaemon(true);
        thread.start();
    }

    private void run() {
        while (running) {
            long started = System.nanoTime();
            try {
                sample();
            } catch (Exception e) {
                // The group has no committed offsets yet, or the broker was slow: the next sample tries again.
            }
            long rest = PERIOD.toNanos() - (System.nanoTime() - started);
            if (rest > 0 && running) {
                LockSupport.parkNanos(rest);
            }
        }
    }

    private void sample() throws Exception {
        Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
        partitions.forEach(tp -> latest.put(tp, OffsetSpec.latest()));
        Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> ends = admin.listOffsets(latest).all()
                .get(10, TimeUnit.SECONDS);
        long now = System.nanoTime();
        Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group)
                .partitionsToOffsetAndMetadata().get(10, TimeUnit.SECONDS);
        long end = 0;
        long lag = 0;
        for (TopicPartition tp : partitions) {
            long partitionEnd = ends.get(tp).offset();
            end += partitionEnd;
            OffsetAndMetadata position = committed.get(tp);
            lag += partitionEnd - (position == null ? 0 : position.offset());
        }
        synchronized (this) {
            if (firstEnd < 0) {
                firstEnd = end;
                firstNanos = now;
                firstLag = lag;
            }
            lastEnd = end;
            lastNanos = now;
            maxLag = Math.max(maxLag, lag);
        }
        latestLag = lag;
    }

    /** The most recent lag sampled, or -1 before the first sample. */
    long latest() {
        return latestLag;
    }

    /** The lag over the samples so far: the largest, the first and the latest. */
    synchronized PhaseResult.Lag lag() {
        return new PhaseResult.Lag(maxLag, firstLag, latestLag);
    }

    /** Records written to the input per second between the first and the latest sample. */
    synchronized double writtenPerSecond() {
        double seconds = (lastNanos - firstNanos) / 1e9;
        return seconds > 0 ? (lastEnd - firstEnd) / seconds : 0;
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        thread.interrupt();
        thread.join(TimeUnit.SECONDS.toMillis(30));
    }
}
