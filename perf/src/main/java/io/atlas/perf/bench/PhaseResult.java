package io.atlas.perf.bench;

import java.util.List;

/**
 * One measured phase at one offered rate.
 *
 * @param stage             {@code copy-loop} (bare consume-produce baseline) or {@code pipeline} (the Atlas services)
 * @param offeredPerSecond  the rate records were produced at
 * @param achievedPerSecond records (copies or predictions) that became visible per second during the window
 * @param seconds           length of the measured window
 */
public record PhaseResult(String stage, int offeredPerSecond, double achievedPerSecond, double seconds,
                          Latency latency, List<ProcessUsage> processes) {

    public PhaseResult {
        processes = List.copyOf(processes);
    }
}
