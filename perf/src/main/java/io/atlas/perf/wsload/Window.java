package io.atlas.perf.wsload;

import org.HdrHistogram.Histogram;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;

/**
 * One measured window: what the clients received ({@link Deliveries}) and what it cost, the gateway's CPU seconds
 * (whole and per thread group) and those of the other processes of the run (this load generator, the broker, the
 * services), from /proc at both ends, plus the machine's busy time, so that CPU others used shows. The key figure is
 * the gateway's CPU seconds per million delivered updates: it holds on a shared machine, where frames per second
 * depend on who else runs.
 */
final class Window {

    /**
     * What a window measured.
     *
     * @param tickHistogram    the latencies {@code tickLatency} summarizes (µs), for a program that wants them whole
     * @param gatewayLatencyMs the gateway's own view: p50 and p99 of tick exchange time → frame written to the
     *                         socket over the window, from its histogram's buckets (each the bucket's upper bound);
     *                         empty when its metrics are unknown
     */
    record Result(double seconds, long updates, long frames, long chars, Percentiles latency, Percentiles tickLatency,
                  Histogram tickHistogram, double gatewayCpuSeconds, Map<String, Double> gatewayThreads,
                  Map<String, Double> processCpu, double otherCores, Map<String, Double> gatewayMeters,
                  Map<String, Double> gatewayLatencyMs) {

        double updatesPerSecond() {
            return seconds > 0 ? updates / seconds : 0;
        }

        double framesPerSecond() {
            return seconds > 0 ? frames / seconds : 0;
        }

        double updatesPerFrame() {
            return frames > 0 ? (double) updates / frames : 0;
        }

        double gatewayCores() {
            return seconds > 0 ? gatewayCpuSeconds / seconds : 0;
        }

        /** Gateway CPU seconds per million delivered updates; NaN when nothing was delivered or measured. */
        double gatewayCpuSecondsPerMillionUpdates() {
            return updates > 0 && gatewayCpuSeconds > 0 ? gatewayCpuSeconds / (updates / 1e6) : Double.NaN;
        }

        /** Delivered updates per gateway CPU second; NaN when the gateway's CPU is unknown. */
        double updatesPerGatewayCpuSecond() {
            return gatewayCpuSeconds > 0 ? updates / gatewayCpuSeconds : Double.NaN;
        }
    }

    private final Deliveries deliveries;
    private final GatewayProbe gateway;
    private final Map<String, Long> processes;
    private long startNanos;
    private double gatewayCpu;
    private Map<String, Double> gatewayThreads = Map.of();
    private Map<String, Double> processCpu = Map.of();
    private double machineBusy;
    private Map<String, Double> meters = Map.of();
    private NavigableMap<Double, Double> latencyBuckets = new TreeMap<>();

    /**
     * @param gateway   the gateway process, or null when unknown
     * @param processes other processes to account for, by name (this JVM is added as {@code loadgen})
     */
    Window(Deliveries deliveries, GatewayProbe gateway, Map<String, Long> processes) {
        this.deliveries = deliveries;
        this.gateway = gateway;
        Map<String, Long> all = new LinkedHashMap<>(processes);
        all.put("loadgen", ProcessHandle.current().pid());
        this.processes = all;
    }

    /** Opens the window: counters start from zero, CPU is read. */
    void open() {
        deliveries.reset();
        gatewayCpu = gateway == null ? 0 : gateway.cpuSeconds();
        gatewayThreads = gateway == null ? Map.of() : gateway.threadCpuSeconds();
        meters = gateway == null ? Map.of() : gateway.meters();
        latencyBuckets = gateway == null ? new TreeMap<>() : gateway.latencyBuckets();
        processCpu = processCpu();
        machineBusy = ProcCpu.machineBusySeconds();
        startNanos = System.nanoTime();
    }

    /** What the clients received since {@link #open()}, the window going on. */
    Deliveries.Snapshot peek() {
        return deliveries.cut();
    }

    /** What the clients received and the processes used since {@link #open()}. */
    Result close() {
        Deliveries.Snapshot received = deliveries.cut();
        double seconds = (System.nanoTime() - startNanos) / 1e9;
        double gatewayUsed = gateway == null ? 0 : gateway.cpuSeconds() - gatewayCpu;
        Map<String, Double> threads = delta(gateway == null ? Map.of() : gateway.threadCpuSeconds(), gatewayThreads);
        Map<String, Double> used = delta(processCpu(), processCpu);
        double ours = gatewayUsed + used.values().stream().mapToDouble(Double::doubleValue).sum();
        double other = Math.max(0, (ProcCpu.machineBusySeconds() - machineBusy - ours) / seconds);
        Map<String, Double> meterDelta = delta(gateway == null ? Map.of() : gateway.meters(), meters);
        Map<String, Double> gatewayLatency = gateway == null ? Map.of()
                : bucketPercentiles(gateway.latencyBuckets(), latencyBuckets);
        return new Result(seconds, received.updates(), received.frames(), received.chars(),
                Percentiles.of(received.fromPrediction()), Percentiles.of(received.fromTick()), received.fromTick(),
                gatewayUsed, threads, used, other, meterDelta, gatewayLatency);
    }

    /** p50 and p99 in ms of what a cumulative histogram counted between two readings; upper bucket bounds. */
    static Map<String, Double> bucketPercentiles(NavigableMap<Double, Double> after,
                                                 NavigableMap<Double, Double> before) {
        Map<String, Double> percentiles = new LinkedHashMap<>();
        double total = after.isEmpty() ? 0 : after.lastEntry().getValue()
                - before.getOrDefault(after.lastKey(), 0.0);
        if (total <= 0) {
            return percentiles;
        }
        for (double q : new double[] {0.5, 0.99}) {
            for (Map.Entry<Double, Double> bucket : after.entrySet()) {
                if (bucket.getValue() - before.getOrDefault(bucket.getKey(), 0.0) >= q * total) {
                    percentiles.put(q == 0.5 ? "p50" : "p99", bucket.getKey() * 1000);
                    break;
                }
            }
        }
        return percentiles;
    }

    private Map<String, Double> processCpu() {
        Map<String, Double> cpu = new LinkedHashMap<>();
        processes.forEach((name, pid) -> cpu.put(name, ProcCpu.seconds(pid)));
        return cpu;
    }

    /** {@code after - before} per key of {@code after}, largest first; keys absent before count from zero. */
    private static Map<String, Double> delta(Map<String, Double> after, Map<String, Double> before) {
        Map<String, Double> delta = new LinkedHashMap<>();
        after.entrySet().stream()
                .map(e -> Map.entry(e.getKey(), e.getValue() - before.getOrDefault(e.getKey(), 0.0)))
                .sorted(Map.Entry.<String, Double>comparingByValue().reversed())
                .forEach(e -> delta.put(e.getKey(), e.getValue()));
        return delta;
    }
}
