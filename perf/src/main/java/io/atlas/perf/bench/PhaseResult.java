package io.atlas.perf.bench;

import java.util.List;

/**
 * One measured step: a stage at one offered rate and processing guarantee.
 *
 * @param stage             {@code copy-loop}, {@code streams-passthrough} or {@code pipeline}
 * @param guarantee         {@code none} (copy loop), {@code exactly_once_v2} or {@code at_least_once}
 * @param offeredPerSecond  the rate the source was asked for; 0 = flat out
 * @param writtenPerSecond  records the source actually wrote to the stage's input per second during the window
 * @param achievedPerSecond records (copies or predictions) that became visible per second during the window
 * @param seconds           length of the measured window
 * @param sustained         whether the stage kept up: see {@link #keptUp}
 * @param disturbed         whether other programs used more than {@link #DISTURBANCE_CORES} cores meanwhile
 * @param steady            whether the warm-up ended on a steady rate; false when it ran out of time with a backlog
 *                          still draining, so the window's latency is not a steady state
 * @param warm              whether every process's JIT compiler had gone quiet when the window opened; false: cold
 *                          figures (a JVM still compiling its hot paths)
 * @param warmupSeconds     how long the warm-up took
 * @param otherCpuCores     cores' worth of CPU used by programs the bench did not start, during the window
 * @param latency           source time → output visible to a reader of the output topic
 * @param wsLatency         tick exchange time → WebSocket client receipt (pipeline only, else null)
 * @param wsFramesPerSecond live data frames per second per WebSocket client (pipeline only, else 0)
 * @param lag               the stage's consumer group lag on its input, in records
 */
public record PhaseResult(String stage, String guarantee, int offeredPerSecond, double writtenPerSecond,
                          double achievedPerSecond, double seconds, boolean sustained, boolean disturbed,
                          boolean steady, boolean warm, double warmupSeconds, double otherCpuCores, Latency latency, Latency wsLatency,
                          double wsFramesPerSecond, Lag lag, List<ProcessUsage> processes) {

    /** Other programs' CPU above which a step is rerun once and marked disturbed. */
    public static final double DISTURBANCE_CORES = 0.25;
    /** The share of the target rate a step must deliver to count as sustained. */
    public static final double SUSTAINED_SHARE = 0.95;

    /** The consumer group's lag over the window: its largest sample, and the first and last samples. */
    public record Lag(long max, long start, long end) {
    }

    public PhaseResult {
        processes = List.copyOf(processes);
    }

    /**
     * A step kept up when it was measured from a steady start (not while draining a backlog), delivered at least 95 %
     * of its target (the offered rate, or what the source wrote when flat out) and its lag grew by less than one
     * second's worth of that target over the window.
     */
    static boolean keptUp(boolean steady, int offeredPerSecond, double writtenPerSecond, double achievedPerSecond,
                          Lag lag) {
        double target = offeredPerSecond > 0 ? offeredPerSecond : writtenPerSecond;
        return steady && target > 0 && achievedPerSecond >= SUSTAINED_SHARE * target
                && lag.end() - lag.start() < target;
    }

    /** The rate this step ran at: the offered rate, or what the source wrote when flat out. */
    public double ratePerSecond() {
        return offeredPerSecond > 0 ? offeredPerSecond : writtenPerSecond;
    }
}
