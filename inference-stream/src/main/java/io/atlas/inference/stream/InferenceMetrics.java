package io.atlas.inference.stream;

import io.atlas.catalog.Hop;
import io.atlas.events.MoveDirection;
import io.atlas.inference.model.ActiveModels;
import io.atlas.inference.model.LoadedRelease;
import io.atlas.inference.model.ModelRegistry;
import io.atlas.ops.HopTimers;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;

import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The scorer's meters, all named {@code atlas.inference.*}: scoring latency, predictions by class, unscored ticks
 * and dead letters by reason, the model version in use, swaps, rollout times and rejected releases, and the live
 * evaluation (per model version and symbol group: outcomes by hit or miss, their log-loss, the realized moves by
 * direction that the naive prior's figures come from, and, when the ticks' planted signal is known, the known
 * optimum's hits and log-loss on the same outcomes); and the pipeline hops seen
 * here, {@link Hop#BROKER_TO_INFERENCE} and {@link Hop#SCORING}. Tags are bounded: reasons and classes are fixed sets,
 * symbol groups are the first letter of the symbol, versions change only on releases.
 */
public final class InferenceMetrics implements ModelRegistry.Listener {

    public static final String PREFIX = "atlas.inference.";

    private final MeterRegistry registry;
    private final Timer scoreLatency;
    private final Timer brokerToInference;
    private final Timer scoring;
    private final Counter[][] predictions = new Counter[MoveDirection.values().length][2];
    private final Map<String, Counter> unscored = new ConcurrentHashMap<>();
    private final Map<String, Counter> deadLetters = new ConcurrentHashMap<>();
    private final Map<OutcomeKey, OutcomeMeters> outcomes = new ConcurrentHashMap<>();
    private final Counter swaps;
    private final Timer rollout;
    private final AtomicInteger activeVersion = new AtomicInteger(-1);
    private final AtomicInteger shadowCount = new AtomicInteger();

    public InferenceMetrics(MeterRegistry registry) {
        this.registry = registry;
        scoreLatency = Timer.builder(PREFIX + "score.latency")
                .description("Time to update a tick's features and score it with every loaded model")
                .publishPercentiles(0.5, 0.99, 0.999)
                .register(registry);
        brokerToInference = HopTimers.register(registry, Hop.BROKER_TO_INFERENCE);
        scoring = HopTimers.register(registry, Hop.SCORING);
        for (MoveDirection direction : MoveDirection.values()) {
            for (int shadow = 0; shadow < 2; shadow++) {
                predictions[direction.ordinal()][shadow] = Counter.builder(PREFIX + "predictions")
                        .description("Predictions written, by predicted class")
                        .tag("class", direction.name())
                        .tag("shadow", Boolean.toString(shadow == 1))
                        .register(registry);
            }
        }
        swaps = Counter.builder(PREFIX + "model.swaps")
                .description("Times a new release became the live model without a restart")
                .register(registry);
        rollout = Timer.builder(PREFIX + "model.rollout")
                .description("From a release's commit in PostgreSQL to it scoring (live or in shadow) in this "
                        + "instance, for releases committed while the instance runs")
                .publishPercentiles(0.5, 0.99)
                .register(registry);
        Gauge.builder(PREFIX + "model.version", activeVersion, AtomicInteger::get)
                .description("Version of the live model in use; -1 before any")
                .register(registry);
        Gauge.builder(PREFIX + "model.shadows", shadowCount, AtomicInteger::get)
                .description("Shadow releases scored side by side")
                .register(registry);
        for (String reason : new String[] {"NO_MODEL", "NOT_TRADING", "STALE"}) {
            unscored(reason);
        }
    }

    public Timer scoreLatency() {
        return scoreLatency;
    }

    public void recordScoreNanos(long nanos) {
        scoreLatency.record(nanos, TimeUnit.NANOSECONDS);
    }

    /**
     * A tick reached the scorer at {@code scoreStartMicros}; its publisher stamped {@code ingestTimeMicros} just
     * before sending it, so this hop also holds the producer-to-broker time.
     */
    public void reachedScorer(long ingestTimeMicros, long scoreStartMicros) {
        HopTimers.recordBetween(brokerToInference, ingestTimeMicros, scoreStartMicros);
    }

    /** One prediction's scoring, from the stamps it carries: {@code scoreEndMicros - scoreStartMicros}. */
    public void scored(long scoreStartMicros, long scoreEndMicros) {
        HopTimers.recordBetween(scoring, scoreStartMicros, scoreEndMicros);
    }

    public void predicted(MoveDirection direction, boolean shadow) {
        predictions[direction.ordinal()][shadow ? 1 : 0].increment();
    }

    /** Counts a tick that produced no prediction, with why (NO_MODEL, NOT_TRADING, STALE). */
    public void countUnscored(String reason) {
        unscored(reason).increment();
    }

    private Counter unscored(String reason) {
        return unscored.computeIfAbsent(reason, r -> Counter.builder(PREFIX + "ticks.unscored")
                .description("Ticks that produced no prediction, by reason")
                .tag("reason", r)
                .register(registry));
    }

    public void deadLetter(String reason) {
        deadLetters.computeIfAbsent(reason, r -> Counter.builder(PREFIX + "dead.letters")
                .description("Ticks sent to the dead-letter topic, by reason")
                .tag("reason", r)
                .register(registry)).increment();
    }

    /**
     * Counts one judged prediction of {@code modelId} v{@code version} on {@code symbol}: its hit or miss and
     * log-loss, the move that {@code realized} (the naive prior's figures are computed from these counts), and, when
     * {@code optimumLogLoss} is a number, the known optimum's hit and log-loss on the same outcome. Runs once per
     * outcome on the scoring thread: besides the lookup of the version's meters, no allocation.
     */
    public void outcome(String modelId, int version, String symbol, MoveDirection realized, boolean hit,
                        double logLoss, boolean optimumHit, double optimumLogLoss) {
        // Keyed by the group's letter, not its tag string: this runs once per judged prediction.
        char first = symbol.isEmpty() ? '#' : Character.toUpperCase(symbol.charAt(0));
        OutcomeMeters meters = outcomes.computeIfAbsent(new OutcomeKey(modelId, version, first),
                key -> new OutcomeMeters(registry, modelId, version, symbolGroup(symbol)));
        (hit ? meters.hits : meters.misses).increment();
        meters.logLoss.record(logLoss);
        meters.realized[realized.ordinal()].increment();
        if (!Double.isNaN(optimumLogLoss)) {
            meters.optimum(registry).judged(optimumHit, optimumLogLoss);
        }
    }

    /** The bounded symbol group tag: the symbol's first letter, or {@code #} when it does not start with one. */
    static String symbolGroup(String symbol) {
        if (symbol.isEmpty() || !Character.isLetter(symbol.charAt(0))) {
            return "#";
        }
        return symbol.substring(0, 1).toUpperCase(Locale.ROOT);
    }

    /** A release committed {@code millis} ago now scores here, live or in shadow. */
    public void rolledOut(long millis) {
        rollout.record(Math.max(0, millis), TimeUnit.MILLISECONDS);
    }

    @Override
    public void swapped(LoadedRelease nowActive) {
        swaps.increment();
    }

    @Override
    public void rejected(String reason) {
        Counter.builder(PREFIX + "model.rejected")
                .description("Model releases refused (bad bytes, digest or features, or a version known with another "
                        + "digest); the current models kept serving")
                .tag("reason", reason)
                .register(registry).increment();
    }

    @Override
    public void changed(ActiveModels now) {
        activeVersion.set(now.active() == null ? -1 : now.active().version());
        shadowCount.set(now.shadows().size());
    }

    private record OutcomeKey(String modelId, int version, char group) {
    }

    private static final class OutcomeMeters {
        final String modelId;
        final String version;
        final String group;
        final Counter hits;
        final Counter misses;
        final DistributionSummary logLoss;
        /** By {@link MoveDirection#ordinal()}: the realized moves, whose shares make the naive prior. */
        final Counter[] realized = new Counter[MoveDirection.values().length];
        /** Registered at the first outcome the optimum judged: a scorer that does not know it shows no such meter. */
        private OptimumMeters optimum;

        OutcomeMeters(MeterRegistry registry, String modelId, int version, String group) {
            this.modelId = modelId;
            this.version = Integer.toString(version);
            this.group = group;
            hits = outcomeCounter(registry, "hit");
            misses = outcomeCounter(registry, "miss");
            logLoss = DistributionSummary.builder(PREFIX + "outcome.log.loss")
                    .description("Log-loss of predictions judged at their horizon (nats)")
                    .tags(tags())
                    .register(registry);
            for (MoveDirection direction : MoveDirection.values()) {
                realized[direction.ordinal()] = Counter.builder(PREFIX + "outcome.realized")
                        .description("Moves realized at the horizon of judged predictions, by direction: the naive "
                                + "prior's hit rate is max(direction) / all, its log-loss the entropy of the shares")
                        .tags(tags()).tag("direction", direction.name())
                        .register(registry);
            }
        }

        /**
         * The version's optimum meters, built at first use. Stream threads racing here may each build one: both wrap
         * the same meters (registering an id again returns the registered meter), and final fields make the racy
         * publication safe, so no lock on the per-outcome path.
         */
        OptimumMeters optimum(MeterRegistry registry) {
            if (optimum == null) {
                optimum = new OptimumMeters(registry, tags());
            }
            return optimum;
        }

        private Tags tags() {
            return Tags.of("model", modelId, "version", version, "group", group);
        }

        private Counter outcomeCounter(MeterRegistry registry, String result) {
            return Counter.builder(PREFIX + "outcomes")
                    .description("Predictions judged at their horizon; hit rate = hit / (hit + miss)")
                    .tags(tags()).tag("result", result)
                    .register(registry);
        }
    }

    /** The known optimum judged on one version's outcomes (simulated ticks whose planted signal the scorer knows). */
    private static final class OptimumMeters {
        final Counter hits;
        final Counter misses;
        final DistributionSummary logLoss;

        OptimumMeters(MeterRegistry registry, Tags tags) {
            hits = optimumCounter(registry, tags, "hit");
            misses = optimumCounter(registry, tags, "miss");
            logLoss = DistributionSummary.builder(PREFIX + "outcome.optimum.log.loss")
                    .description("Log-loss the known optimum had on the same judged outcomes (nats): the least a "
                            + "model can expect")
                    .tags(tags)
                    .register(registry);
        }

        void judged(boolean hit, double loss) {
            (hit ? hits : misses).increment();
            logLoss.record(loss);
        }

        private static Counter optimumCounter(MeterRegistry registry, Tags tags, String result) {
            return Counter.builder(PREFIX + "outcome.optimum")
                    .description("The known optimum's most likely move judged on the same outcomes; its hit rate = "
                            + "hit / (hit + miss)")
                    .tags(tags).tag("result", result)
                    .register(registry);
        }
    }
}
