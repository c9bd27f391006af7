package io.atlas.perf.bench;

import org.HdrHistogram.Histogram;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.ToLongFunction;

/**
 * Measures one step (a stage at one rate and guarantee) whose source, processes and reader are already running, and
 * gathers every figure of it into a {@link PhaseResult}: throughput and latency from the reader, the consumer group's
 * lag and the input's write rate, each process's CPU, memory and GC pauses, the WebSocket clients' latency (pipeline
 * only) and the CPU other programs used meanwhile.
 *
 * @param stage      {@code copy-loop}, {@code streams-passthrough} or {@code pipeline}
 * @param guarantee  {@code none}, {@code exactly_once_v2} or {@code at_least_once}
 * @param offered    offered records/s, 0 = flat out
 * @param group      the consumer group of the stage, whose lag on {@code input} is sampled
 * @param input      the stage's input topic
 * @param partitions the input's partition count
 */
record Step(String stage, String guarantee, int offered, String group, String input, int partitions) {

    /**
     * How long a step warms up and measures: at least {@code warmup}, at most {@code maxWarmup}, waiting for every
     * process's JIT to settle unless {@code waitForJit} is false (then the figures are cold), then {@code window}.
     */
    record Timing(Duration warmup, Duration maxWarmup, Duration window, boolean waitForJit) {
    }

    String label() {
        return stage + (guarantee.equals(BenchReport.NO_GUARANTEE) ? "" : " " + guarantee) + " "
                + (offered == 0 ? "flat out" : offered + "/s");
    }

    /**
     * Measures the step on {@code reader}. {@code alive} throws when a process of the step has died;
     * {@code ws} may be null when no WebSocket clients take part.
     */
    PhaseResult measure(KafkaConsumer<byte[], byte[]> reader,
                        ToLongFunction<ConsumerRecord<byte[], byte[]>> sourceMicros,
                        Admin admin, List<ProcessUsage.Watched> processes, LoadGenClients ws, Runnable alive,
                        Timing timing, PrintWriter out) throws Exception {
        Probe probe = new Probe(admin, processes, ws, alive);
        try {
            Measurement.Window window = Measurement.measure(reader, sourceMicros, offered, timing, label(), out,
                    probe);
            return probe.result(window);
        } finally {
            probe.close();
        }
    }

    private final class Probe implements Measurement.Probe, AutoCloseable {
        private final Admin admin;
        private final List<ProcessUsage.Watched> processes;
        private final LoadGenClients ws;
        private final Runnable alive;
        private final List<ProcessUsage.Sample> samples = new ArrayList<>();
        private final Map<Long, Double> compiling = new HashMap<>();
        private long compilingSampledAt;
        private double machineBusyAtOpen;
        private LagSampler lag;

        Probe(Admin admin, List<ProcessUsage.Watched> processes, LoadGenClients ws, Runnable alive) {
            this.admin = admin;
            this.processes = processes;
            this.ws = ws;
            this.alive = alive;
        }

        @Override
        public void check() {
            alive.run();
            if (ws != null) {
                ws.ensureAlive();
            }
        }

        @Override
        public void open() {
            lag = new LagSampler(admin, group, input, partitions);
            processes.forEach(p -> samples.add(p.sample()));
            machineBusyAtOpen = MachineCpu.busySeconds();
            if (ws != null) {
                ws.reset();
            }
        }

        /** Every process's JIT compiled less than {@link JitCompilation#SETTLED_CORES} since the last call. */
        @Override
        public boolean warm() {
            long now = System.nanoTime();
            double seconds = (now - compilingSampledAt) / 1e9;
            boolean warm = compilingSampledAt != 0;
            for (ProcessUsage.Watched process : processes) {
                double jit = JitCompilation.seconds(process.pid());
                Double before = compiling.put(process.pid(), jit);
                warm &= before != null && (jit - before) / seconds < JitCompilation.SETTLED_CORES;
            }
            compilingSampledAt = now;
            return warm;
        }

        @Override
        public String progress() {
            StringBuilder b = new StringBuilder(String.format(Locale.ROOT, ", lag %d", lag.latest()));
            if (ws != null) {
                Latency soFar = Latency.of(ws.soFar());
                b.append(String.format(Locale.ROOT, ", WebSocket p50 %.1f ms, p99 %.1f ms", soFar.p50Ms(),
                        soFar.p99Ms()));
            }
            return b.toString();
        }

        PhaseResult result(Measurement.Window window) throws InterruptedException {
            double machineBusy = MachineCpu.busySeconds() - machineBusyAtOpen;
            List<ProcessUsage> usage = samples.stream().map(s -> s.until(window.seconds())).toList();
            double own = usage.stream().mapToDouble(ProcessUsage::cpuSeconds).sum();
            double other = MachineCpu.otherCores(machineBusy, own, window.seconds());
            lag.close();
            PhaseResult.Lag lagged = lag.lag();
            Latency wsLatency = null;
            double wsFrames = 0;
            if (ws != null) {
                Histogram h = ws.soFar();
                wsLatency = Latency.of(h);
                wsFrames = ws.frames() / window.seconds() / Math.max(1, ws.count());
            }
            double written = lag.writtenPerSecond();
            return new PhaseResult(stage, guarantee, offered, written, window.perSecond(), window.seconds(),
                    PhaseResult.keptUp(window.steady(), offered, written, window.perSecond(), lagged),
                    other > PhaseResult.DISTURBANCE_CORES, window.steady(), window.warm(), window.warmupSeconds(),
                    other, window.latency(), wsLatency, wsFrames, lagged, usage);
        }

        @Override
        public void close() throws InterruptedException {
            if (lag != null) {
                lag.close();
            }
        }
    }
}
