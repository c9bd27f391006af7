package io.atlas.perf.bench;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * How fast a stage in a JVM of its own works through a backlog that was on its input before it started, measured in
 * steady state. Progress is the stage's consumer group's committed offsets on its input (every stage commits every
 * 100 ms), sampled every {@value #SAMPLE_MILLIS} ms. The window opens once the stage has run at least the minimum
 * warm-up and the JIT compilers of both the stage and the broker have gone quiet ({@link JitCompilation}: under
 * {@link JitCompilation#SETTLED_CORES} each over the last {@value #SETTLE_SAMPLES} samples; the broker's fetch path
 * compiles too when it first serves a fast reader), or when the maximum warm-up or half the backlog is used up, in
 * which case the figures are marked cold; it closes after the window length or at 95 % of the backlog, before
 * partitions finish one by one and the rate tails off. CPU per record counts the stage's own process only.
 */
final class SteadyDrain {

    private static final long SAMPLE_MILLIS = 250;
    private static final int SETTLE_SAMPLES = 8;
    private static final Duration FIRST_RECORD_TIMEOUT = Duration.ofMinutes(3);

    private SteadyDrain() {
    }

    /**
     * How long a drain warms up and measures.
     *
     * @param minWarmup  least warm-up after the first record is done
     * @param maxWarmup  most warm-up; a drain still compiling then is measured and marked cold
     * @param window     longest measured window
     * @param waitForJit whether the warm-up waits for the JIT at all ({@code --quick} does not: its drains are cold)
     */
    record Timing(Duration minWarmup, Duration maxWarmup, Duration window, boolean waitForJit) {
    }

    /** Records a stage has done so far. */
    @FunctionalInterface
    interface Progress {
        long done() throws Exception;
    }

    /** Progress as the committed offsets of {@code group} on {@code start}'s partitions, past those start offsets. */
    static Progress committed(Admin admin, String group, Map<TopicPartition, Long> start) {
        return () -> {
            Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group)
                    .partitionsToOffsetAndMetadata().get(10, TimeUnit.SECONDS);
            long done = 0;
            for (Map.Entry<TopicPartition, Long> from : start.entrySet()) {
                OffsetAndMetadata at = committed.get(from.getKey());
                if (at != null) {
                    done += Math.max(0, at.offset() - from.getValue());
                }
            }
            return done;
        };
    }

    /** Start offsets of a group that reads every partition of a topic from its beginning. */
    static Map<TopicPartition, Long> fromBeginning(String topic, int partitions) {
        Map<TopicPartition, Long> start = new HashMap<>();
        for (int p = 0; p < partitions; p++) {
            start.put(new TopicPartition(topic, p), 0L);
        }
        return start;
    }

    /** Whether the compiler seconds in {@code ring} (cumulative, newest at {@code samples - 1}) grew slowly enough. */
    private static boolean quiet(double[] ring, int samples) {
        double compiling = ring[(samples - 1) % ring.length] - ring[samples % ring.length];
        return compiling / (SETTLE_SAMPLES * SAMPLE_MILLIS / 1000.0) < JitCompilation.SETTLED_CORES;
    }

    /** Measures {@code app} (already started) working through {@code backlog} records. */
    static DrainResult measure(String stage, String guarantee, int threads, long backlog, Progress progress,
                               BenchContext.Child app, Timing timing, BenchContext bench) throws Exception {
        String label = stage + " " + guarantee + (threads > 1 ? " " + threads + " threads" : "");
        long pid = app.jvm().pid();
        long deadline = System.nanoTime() + FIRST_RECORD_TIMEOUT.toNanos();
        while (progress.done() == 0) {
            app.ensureAlive("starting its drain");
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(label + ": nothing done within " + FIRST_RECORD_TIMEOUT);
            }
            Thread.sleep(SAMPLE_MILLIS);
        }
        long warmupStart = System.nanoTime();
        long brokerPid = bench.kafka().pid();
        double[] jit = new double[SETTLE_SAMPLES + 1];
        double[] brokerJit = new double[SETTLE_SAMPLES + 1];
        int samples = 0;
        boolean settled = false;
        while (true) {
            app.ensureAlive("warming up");
            Thread.sleep(SAMPLE_MILLIS);
            jit[samples % jit.length] = JitCompilation.seconds(pid);
            brokerJit[samples % brokerJit.length] = JitCompilation.seconds(brokerPid);
            samples++;
            long elapsed = System.nanoTime() - warmupStart;
            if (samples > SETTLE_SAMPLES) {
                settled = quiet(jit, samples) && quiet(brokerJit, samples);
            }
            boolean minDone = elapsed >= timing.minWarmup().toNanos();
            if (minDone && (settled || !timing.waitForJit()) || elapsed >= timing.maxWarmup().toNanos()
                    || progress.done() >= backlog / 2) {
                break;
            }
        }
        double warmupSeconds = (System.nanoTime() - warmupStart) / 1e9;
        boolean warm = settled && timing.waitForJit();
        bench.say(String.format(Locale.ROOT, "  %s: %s after %.0f s of warm-up; measuring", label,
                warm ? "JIT settled" : "still cold", warmupSeconds));

        long startDone = progress.done();
        long start = System.nanoTime();
        double startCpu = ProcessUsage.cpuSeconds(pid);
        double startJit = JitCompilation.seconds(pid);
        double machineBusy = MachineCpu.busySeconds();
        List<ProcessUsage.Sample> samplesAtOpen = bench.watched(app).stream().map(ProcessUsage.Watched::sample)
                .toList();
        long end = start + timing.window().toNanos();
        long done = startDone;
        while (System.nanoTime() < end && done < backlog * 95 / 100) {
            app.ensureAlive("draining");
            Thread.sleep(SAMPLE_MILLIS);
            done = progress.done();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        double cpu = ProcessUsage.cpuSeconds(pid) - startCpu;
        double compiling = JitCompilation.seconds(pid) - startJit;
        List<ProcessUsage> usage = samplesAtOpen.stream().map(sample -> sample.until(seconds)).toList();
        double other = MachineCpu.otherCores(MachineCpu.busySeconds() - machineBusy,
                usage.stream().mapToDouble(ProcessUsage::cpuSeconds).sum(), seconds);
        long records = done - startDone;
        DrainResult result = new DrainResult(stage, guarantee, threads, backlog, warmupSeconds, warm, seconds,
                records, records / seconds, cpu, cpu > 0 ? records / cpu : 0, compiling / seconds, other, usage);
        bench.say(String.format(Locale.ROOT, "  %s: %.0f records/s, %.0f records per CPU-second (%.2f cores), "
                        + "JIT %.3f cores, other programs %.2f cores", label, result.recordsPerSecond(),
                result.recordsPerCpuSecond(), cpu / seconds, result.jitCores(), other));
        return result;
    }
}
