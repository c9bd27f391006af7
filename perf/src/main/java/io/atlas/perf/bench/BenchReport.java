package io.atlas.perf.bench;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Every figure of one {@code ./atlas bench} run: the machine, the settings, the bare-Kafka baseline and the pipeline.
 *
 * @param machine           cores, memory, Java and OS, as name → value
 * @param settings          the run's options and client settings, as name → value
 * @param producer          Kafka's ProducerPerformance on the same broker
 * @param copyDrainPerSecond a bare consume→produce loop copying the producer's backlog, records/s
 * @param phases            copy-loop and pipeline phases, at each offered rate
 * @param loadBefore        /proc/loadavg before the run
 * @param loadAfter         /proc/loadavg after it
 */
public record BenchReport(Instant started, Instant finished, Map<String, String> machine,
                          Map<String, String> settings, ProducerBaseline producer, double copyDrainPerSecond,
                          List<PhaseResult> phases, String loadBefore, String loadAfter) {

    public static final String COPY_LOOP = "copy-loop";
    public static final String PIPELINE = "pipeline";

    public BenchReport {
        machine = Map.copyOf(machine);
        settings = Map.copyOf(settings);
        phases = List.copyOf(phases);
    }

    /** The phase of a stage at a rate, if it ran. */
    public Optional<PhaseResult> phase(String stage, int rate) {
        return phases.stream().filter(p -> p.stage().equals(stage) && p.offeredPerSecond() == rate).findFirst();
    }

    /** Pipeline predictions/s over copy-loop copies/s at the same offered rate (1.0 = keeps up like bare Kafka). */
    public Optional<Double> throughputRatio(int rate) {
        return phase(PIPELINE, rate).flatMap(p -> phase(COPY_LOOP, rate)
                .filter(c -> c.achievedPerSecond() > 0).map(c -> p.achievedPerSecond() / c.achievedPerSecond()));
    }

    /** Pipeline p99 over copy-loop p99 at the same offered rate: the latency the features and model add. */
    public Optional<Double> p99Ratio(int rate) {
        return phase(PIPELINE, rate).flatMap(p -> phase(COPY_LOOP, rate)
                .filter(c -> c.latency().p99Ms() > 0).map(c -> p.latency().p99Ms() / c.latency().p99Ms()));
    }

    /** The offered rates measured, in order, without repeats. */
    public List<Integer> rates() {
        return phases.stream().map(PhaseResult::offeredPerSecond).distinct().toList();
    }
}
