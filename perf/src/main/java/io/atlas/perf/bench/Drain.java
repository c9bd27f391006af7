package io.atlas.perf.bench;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * How fast a stage (a copy loop or a Streams passthrough in a JVM of its own) copies a backlog it did not start on:
 * the summed end offsets of its output topic, sampled every 100 ms, from the first sample past zero to the first that
 * covers the whole backlog, i.e. copies the broker has acknowledged. Under exactly-once the transaction markers (one
 * per partition and commit) count too, which overstates the rate by well under 1 %.
 */
final class Drain {

    private static final long SAMPLE_MILLIS = 100;

    private Drain() {
    }

    /** Records/s the stage wrote {@code records} copies to {@code output} at; {@code alive} throws if it died. */
    static double rate(Admin admin, String output, int partitions, long records, Runnable alive, Duration timeout)
            throws Exception {
        Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
        for (int p = 0; p < partitions; p++) {
            latest.put(new TopicPartition(output, p), OffsetSpec.latest());
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        long firstNanos = 0;
        long firstWritten = 0;
        while (true) {
            alive.run();
            long now = System.nanoTime();
            long written = admin.listOffsets(latest).all().get(10, TimeUnit.SECONDS).values().stream()
                    .mapToLong(ListOffsetsResult.ListOffsetsResultInfo::offset).sum();
            if (firstNanos == 0 && written > 0) {
                firstNanos = now;
                firstWritten = written;
            }
            if (written >= records && firstNanos != 0 && written > firstWritten) {
                return (written - firstWritten) / ((now - firstNanos) / 1e9);
            }
            if (now > deadline) {
                throw new IllegalStateException("only " + written + " of " + records + " records reached " + output
                        + " within " + timeout);
            }
            Thread.sleep(SAMPLE_MILLIS);
        }
    }
}
