package io.atlas.perf.bench;

import java.util.List;

/**
 * One stage working flat out through a backlog, measured in steady state ({@link SteadyDrain}).
 *
 * @param stage               {@code copy-loop}, {@code streams-passthrough} or {@code inference-stream}
 * @param guarantee           {@code none} (copy loop), {@code exactly_once_v2} or {@code at_least_once}
 * @param threads             the stage's stream threads (1 for the copy loop)
 * @param backlog             records on the input when the stage started
 * @param warmupSeconds       how long the warm-up took, from the first record done
 * @param warm                whether the JIT had settled when the window opened; false: cold figures
 * @param seconds             length of the measured window
 * @param records             input records done in the window
 * @param recordsPerSecond    {@code records / seconds}
 * @param cpuSeconds          CPU the stage's process used in the window
 * @param recordsPerCpuSecond {@code records / cpuSeconds}: the figure that holds on a shared machine
 * @param jitCores            cores the stage's JIT compiler used in the window (near 0 when warm)
 * @param otherCpuCores       cores used by programs the bench did not start, in the window
 * @param processes           the broker, the bench JVM and the stage during the window
 */
public record DrainResult(String stage, String guarantee, int threads, long backlog, double warmupSeconds,
                          boolean warm, double seconds, long records, double recordsPerSecond, double cpuSeconds,
                          double recordsPerCpuSecond, double jitCores, double otherCpuCores,
                          List<ProcessUsage> processes) {

    public DrainResult {
        processes = List.copyOf(processes);
    }

    /** Whether other programs used more than {@link PhaseResult#DISTURBANCE_CORES} cores meanwhile. */
    public boolean disturbed() {
        return otherCpuCores > PhaseResult.DISTURBANCE_CORES;
    }
}
