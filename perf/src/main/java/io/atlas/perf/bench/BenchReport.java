package io.atlas.perf.bench;

import io.atlas.perf.micro.MicroResult;

import java.time.Instant;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * Every figure of one {@code ./atlas bench} run: the machine, the settings, the bare-Kafka baselines, the pipeline's
 * steps at both guarantees, and the ratios between them that the goals are stated in.
 *
 * @param machine             cores, memory, Java and OS, as name → value
 * @param settings            the run's options and client settings, as name → value
 * @param producer            Kafka's ProducerPerformance on the same broker
 * @param consumer            Kafka's ConsumerPerformance reading what ProducerPerformance wrote
 * @param drains              one backlog of ticks drained flat out, in steady state, by the bare copy loop, the bare
 *                            Streams passthrough and inference-stream (by guarantee and stream threads)
 * @param phases              copy-loop, streams-passthrough and pipeline steps, in the order they ran
 * @param loadBefore          /proc/loadavg before the run
 * @param loadAfter           /proc/loadavg after it
 * @param micro               the JMH micro-benchmarks run after the pipeline (empty when skipped)
 */
public record BenchReport(Instant started, Instant finished, Map<String, String> machine,
                          Map<String, String> settings, ProducerBaseline producer, ConsumerBaseline consumer,
                          List<DrainResult> drains, List<PhaseResult> phases, String loadBefore, String loadAfter, List<MicroResult> micro) {

    public static final String COPY_LOOP = "copy-loop";
    public static final String STREAMS_PASSTHROUGH = "streams-passthrough";
    public static final String PIPELINE = "pipeline";
    public static final String INFERENCE_STREAM = "inference-stream";
    public static final String NO_GUARANTEE = "none";
    public static final String EXACTLY_ONCE_V2 = "exactly_once_v2";
    public static final String AT_LEAST_ONCE = "at_least_once";
    /** The rate the latency goals are stated at. */
    public static final int REFERENCE_RATE = 10_000;

    public BenchReport {
        machine = Map.copyOf(machine);
        settings = Map.copyOf(settings);
        drains = List.copyOf(drains);
        phases = List.copyOf(phases);
        micro = List.copyOf(micro);
    }

    /** The step of a stage at a guarantee and rate: its last undisturbed run, else its last run. */
    public Optional<PhaseResult> phase(String stage, String guarantee, int offered) {
        List<PhaseResult> runs = phases.stream().filter(p -> p.stage().equals(stage)
                && p.guarantee().equals(guarantee) && p.offeredPerSecond() == offered).toList();
        return runs.stream().filter(p -> !p.disturbed()).reduce((a, b) -> b)
                .or(() -> runs.stream().reduce((a, b) -> b));
    }

    /** The guarantees the pipeline ran at, in order. */
    public List<String> pipelineGuarantees() {
        return phases.stream().filter(p -> p.stage().equals(PIPELINE)).map(PhaseResult::guarantee).distinct().toList();
    }

    /** The pipeline's steps at a guarantee, in the order they ran (reruns included). */
    public List<PhaseResult> pipeline(String guarantee) {
        return phases.stream().filter(p -> p.stage().equals(PIPELINE) && p.guarantee().equals(guarantee)).toList();
    }

    /** The rate latency ratios are taken at: 10,000/s when the pipeline ran at it, else its lowest offered rate. */
    public int referenceRate() {
        List<Integer> offered = phases.stream().filter(p -> p.stage().equals(PIPELINE))
                .map(PhaseResult::offeredPerSecond).filter(r -> r > 0).distinct().sorted().toList();
        return offered.contains(REFERENCE_RATE) || offered.isEmpty() ? REFERENCE_RATE : offered.get(0);
    }

    /** The drain of a stage at a guarantee and thread count. */
    public Optional<DrainResult> drain(String stage, String guarantee, int threads) {
        return drains.stream().filter(d -> d.stage().equals(stage) && d.guarantee().equals(guarantee)
                && d.threads() == threads).reduce((a, b) -> b);
    }

    private Optional<DrainResult> copyLoopDrain() {
        return drain(COPY_LOOP, NO_GUARANTEE, 1);
    }

    /** Pipeline predictions/s flat out over the bare copy loop's drain rate; goal ≥ 0.7. */
    public Optional<Ratio> pipelineOverCopyLoopFlatOut(String guarantee) {
        return phase(PIPELINE, guarantee, 0).flatMap(p -> copyLoopDrain().map(c ->
                Ratio.atLeast(p.achievedPerSecond(), c.recordsPerSecond(), 0, 0.7)));
    }

    /** A bare Streams passthrough's drain rate (one thread) over the copy loop's: what Kafka Streams alone costs. */
    public Optional<Ratio> streamsOverCopyLoopFlatOut(String guarantee) {
        return drain(STREAMS_PASSTHROUGH, guarantee, 1).flatMap(s -> copyLoopDrain().map(c ->
                Ratio.informative(s.recordsPerSecond(), c.recordsPerSecond(), 0)));
    }

    /** inference-stream's drain rate over the Streams passthrough's, same guarantee and threads; goal ≥ 0.7. */
    public Optional<Ratio> scorerOverPassthroughDrain(String guarantee, int threads) {
        return drain(INFERENCE_STREAM, guarantee, threads).flatMap(i -> drain(STREAMS_PASSTHROUGH, guarantee,
                threads).map(s -> Ratio.atLeast(i.recordsPerSecond(), s.recordsPerSecond(), 0, 0.7)));
    }

    /** inference-stream's records per CPU-second over the Streams passthrough's, same guarantee and threads. */
    public Optional<Ratio> scorerOverPassthroughPerCpuSecond(String guarantee, int threads) {
        return drain(INFERENCE_STREAM, guarantee, threads).flatMap(i -> drain(STREAMS_PASSTHROUGH, guarantee,
                threads).map(s -> Ratio.atLeast(i.recordsPerCpuSecond(), s.recordsPerCpuSecond(), 0, 0.7)));
    }

    /**
     * Tick → WebSocket client p99 over the bare copy loop's p99 at the reference rate; at at_least_once the goal is
     * ≤ 2 (trading frontends read that guarantee), at exactly_once_v2 the commit interval bounds it from below.
     */
    public Optional<Ratio> wsP99OverCopyLoopP99(String guarantee) {
        int rate = referenceRate();
        return phase(PIPELINE, guarantee, rate).filter(p -> p.wsLatency() != null && p.wsLatency().count() > 0)
                .flatMap(p -> phase(COPY_LOOP, NO_GUARANTEE, rate).filter(c -> c.latency().count() > 0)
                        .map(c -> guarantee.equals(AT_LEAST_ONCE)
                                ? Ratio.atMost(p.wsLatency().p99Ms(), c.latency().p99Ms(), rate, 2.0)
                                : Ratio.informative(p.wsLatency().p99Ms(), c.latency().p99Ms(), rate)));
    }

    /** Exactly-once pipeline p99 (tick → prediction) over a Streams exactly-once passthrough's p99; goal ≤ 1.1. */
    public Optional<Ratio> eosP99OverStreamsEosP99() {
        int rate = referenceRate();
        return phase(PIPELINE, EXACTLY_ONCE_V2, rate).filter(p -> p.latency().count() > 0)
                .flatMap(p -> phase(STREAMS_PASSTHROUGH, EXACTLY_ONCE_V2, rate).filter(s -> s.latency().count() > 0)
                        .map(s -> Ratio.atMost(p.latency().p99Ms(), s.latency().p99Ms(), rate, 1.1)));
    }

    /** The simulator's flat-out write rate to the ticks topic over ProducerPerformance's records/s. */
    public Optional<Ratio> publisherOverProducerPerformance() {
        OptionalDouble written = phases.stream().filter(p -> p.stage().equals(PIPELINE) && p.offeredPerSecond() == 0)
                .mapToDouble(PhaseResult::writtenPerSecond).max();
        return written.isPresent() && producer.recordsPerSecond() > 0
                ? Optional.of(Ratio.informative(written.getAsDouble(), producer.recordsPerSecond(), 0))
                : Optional.empty();
    }

    /** Every ratio by name (per guarantee where it has one), absent ones left out. */
    public Map<String, Object> ratios() {
        Map<String, Object> ratios = new LinkedHashMap<>();
        ratios.put("pipelineOverCopyLoopFlatOut", byGuarantee(this::pipelineOverCopyLoopFlatOut));
        ratios.put("streamsOverCopyLoopFlatOut", byGuarantee(this::streamsOverCopyLoopFlatOut));
        ratios.put("scorerOverPassthroughDrain", byDrain(this::scorerOverPassthroughDrain));
        ratios.put("scorerOverPassthroughPerCpuSecond", byDrain(this::scorerOverPassthroughPerCpuSecond));
        ratios.put("wsP99OverCopyLoopP99At10k", byGuarantee(this::wsP99OverCopyLoopP99));
        eosP99OverStreamsEosP99().ifPresent(r -> ratios.put("eosP99OverStreamsEosP99At10k", r));
        publisherOverProducerPerformance().ifPresent(r -> ratios.put("publisherOverProducerPerformance", r));
        return ratios;
    }

    private Map<String, Ratio> byGuarantee(Function<String, Optional<Ratio>> ratio) {
        Map<String, Ratio> byGuarantee = new LinkedHashMap<>();
        for (String guarantee : List.of(EXACTLY_ONCE_V2, AT_LEAST_ONCE)) {
            ratio.apply(guarantee).ifPresent(r -> byGuarantee.put(guarantee, r));
        }
        return byGuarantee;
    }

    /** By the scorer drains' guarantee and threads: {@code exactly_once_v2}, or {@code exactly_once_v2, 2 threads}. */
    private Map<String, Ratio> byDrain(BiFunction<String, Integer, Optional<Ratio>> ratio) {
        Map<String, Ratio> byDrain = new LinkedHashMap<>();
        for (DrainResult drain : drains) {
            if (drain.stage().equals(INFERENCE_STREAM)) {
                ratio.apply(drain.guarantee(), drain.threads()).ifPresent(r -> byDrain.put(drain.guarantee()
                        + (drain.threads() == 1 ? "" : ", " + drain.threads() + " threads"), r));
            }
        }
        return byDrain;
    }

    /** The pipeline's goal for its highest sustained rate with one WebSocket client: ticks/s at a guarantee. */
    public static int sustainedGoal(String guarantee) {
        return guarantee.equals(AT_LEAST_ONCE) ? 80_000 : 60_000;
    }

    /** The highest rate (offered, or written when flat out) the pipeline sustained at a guarantee. */
    public Optional<PhaseResult> highestSustained(String guarantee) {
        return pipeline(guarantee).stream().filter(PhaseResult::sustained)
                .max(Comparator.comparingDouble(PhaseResult::ratePerSecond));
    }
}
