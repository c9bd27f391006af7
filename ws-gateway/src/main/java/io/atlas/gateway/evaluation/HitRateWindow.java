package io.atlas.gateway.evaluation;

import io.atlas.events.MoveDirection;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * Hits, judged predictions and summed log-loss per {@link ModelVersion} over the last {@link #WINDOW}, with the two
 * yardsticks that make them readable, on the same outcomes: the realized moves by direction, whence the naive prior's
 * hit rate and log-loss ({@link Prior}), and the known optimum's hits and log-loss where the outcomes carry it
 * ({@link Optimum}). Written by the outcome feed's thread, read by the live page's polls. The window is {@value #BUCKETS} buckets of 30 s, the current
 * one filling, so it reaches back between 4.5 and 5 minutes; an outcome goes in the bucket of the time it was judged,
 * not of when it was read, so a backlog read at start-up lands where it belongs.
 *
 * <p>Memory is bounded by the model versions judged within the window: a version whose buckets all aged out is
 * dropped (at the next read, or the next outcome after a bucket turned over).
 */
public final class HitRateWindow {

    /** How far back the live page's hit rates reach. */
    public static final Duration WINDOW = Duration.ofMinutes(5);

    static final int BUCKETS = 10;
    static final long BUCKET_MILLIS = WINDOW.toMillis() / BUCKETS;

    /** Ordered for the page: active releases first, then the newest version, then by model id. */
    private static final Comparator<VersionHitRate> ORDER = Comparator
            .comparing((VersionHitRate v) -> v.version().kind())
            .thenComparing(v -> v.version().version(), Comparator.reverseOrder())
            .thenComparing(v -> v.version().model());

    /**
     * One version's totals over the window; {@code judged} is never zero. {@code optimum} is null when none of these
     * outcomes carried the known optimum (real ticks, or a horizon beyond one tick).
     */
    public record VersionHitRate(ModelVersion version, long judged, long hits, double meanLogLoss, Prior prior,
                                 Optimum optimum) {
        public double hitRate() {
            return (double) hits / judged;
        }
    }

    /**
     * The naive prior on the same outcomes: it always says the most frequent realized move, so it hits
     * max_d n_d / N, and gives each move its share n_d / N, so its mean log-loss is their entropy,
     * −Σ_d (n_d/N) ln(n_d/N). What a model must beat to know anything.
     */
    public record Prior(double hitRate, double logLoss) {

        /** The prior of outcomes whose realized moves are {@code realized}, counted by direction. */
        static Prior of(long[] realized) {
            long all = 0;
            long most = 0;
            for (long n : realized) {
                all += n;
                most = Math.max(most, n);
            }
            double entropy = 0;
            for (long n : realized) {
                if (n > 0) {
                    double share = (double) n / all;
                    entropy -= share * Math.log(share);
                }
            }
            return new Prior((double) most / all, entropy);
        }
    }

    /**
     * The known optimum (the simulator's planted signal, which the scorer knew) judged on the {@code judged} outcomes
     * of the version that carried it: the best any model can expect.
     */
    public record Optimum(long judged, long hits, double meanLogLoss) {
        public double hitRate() {
            return (double) hits / judged;
        }
    }

    private final LongSupplier clockMillis;
    private final Map<ModelVersion, Buckets> versions = new HashMap<>();
    private long expiredAt = Long.MIN_VALUE;

    public HitRateWindow() {
        this(System::currentTimeMillis);
    }

    /** @param clockMillis the window's clock, epoch milliseconds; tests move it to age outcomes out */
    HitRateWindow(LongSupplier clockMillis) {
        this.clockMillis = clockMillis;
    }

    /**
     * Counts one outcome of {@code version} judged at {@code judgedAtMillis} (its record's timestamp), whose move
     * {@code realized}, with the known optimum's hit and log-loss when the outcome carries them (else both null). One
     * judged before the window is ignored; one stamped ahead of this clock (skew between hosts) counts as judged now.
     *
     * @throws IllegalArgumentException when {@code logLoss} or {@code optimumLogLoss} is not a finite number (it
     *                                  would poison the mean), or only one of the optimum's figures is there
     */
    public synchronized void judged(ModelVersion version, MoveDirection realized, boolean hit, double logLoss,
                                    Boolean optimumHit, Double optimumLogLoss, long judgedAtMillis) {
        if (!Double.isFinite(logLoss)) {
            throw new IllegalArgumentException("log-loss " + logLoss + " of " + version + " is not finite");
        }
        if ((optimumHit == null) != (optimumLogLoss == null)) {
            throw new IllegalArgumentException("the optimum's hit " + optimumHit + " and log-loss " + optimumLogLoss
                    + " of " + version + " come together or not at all");
        }
        if (optimumLogLoss != null && !Double.isFinite(optimumLogLoss)) {
            throw new IllegalArgumentException("optimum log-loss " + optimumLogLoss + " of " + version
                    + " is not finite");
        }
        long current = bucketOf(clockMillis.getAsLong());
        if (current != expiredAt) {
            expire(current);
        }
        long bucket = Math.min(bucketOf(judgedAtMillis), current);
        if (bucket > current - BUCKETS) {
            versions.computeIfAbsent(version, v -> new Buckets()).add(bucket, realized, hit, logLoss, optimumHit,
                    optimumLogLoss);
        }
    }

    /** Every version with something judged in the window, active first, then newest version first. */
    public synchronized List<VersionHitRate> window() {
        long current = bucketOf(clockMillis.getAsLong());
        expire(current);
        List<VersionHitRate> window = new ArrayList<>(versions.size());
        versions.forEach((version, buckets) -> window.add(buckets.total(version, current)));
        window.sort(ORDER);
        return window;
    }

    private void expire(long current) {
        Iterator<Buckets> it = versions.values().iterator();
        while (it.hasNext()) {
            if (!it.next().anyIn(current)) {
                it.remove();
            }
        }
        expiredAt = current;
    }

    private static long bucketOf(long millis) {
        return Math.floorDiv(millis, BUCKET_MILLIS);
    }

    private static boolean inWindow(long bucket, long current) {
        return bucket > current - BUCKETS && bucket <= current;
    }

    /** A ring of buckets: slot {@code b mod BUCKETS} holds bucket {@code b} until a later bucket reuses it. */
    private static final class Buckets {
        private final long[] bucket = new long[BUCKETS];
        private final long[] judged = new long[BUCKETS];
        private final long[] hits = new long[BUCKETS];
        private final double[] logLoss = new double[BUCKETS];
        /** [slot][direction ordinal]: the realized moves. */
        private final long[][] realized = new long[BUCKETS][MoveDirection.values().length];
        private final long[] optimumJudged = new long[BUCKETS];
        private final long[] optimumHits = new long[BUCKETS];
        private final double[] optimumLogLoss = new double[BUCKETS];

        Buckets() {
            Arrays.fill(bucket, Long.MIN_VALUE);
        }

        void add(long b, MoveDirection move, boolean hit, double loss, Boolean optimumHit, Double optimumLoss) {
            int slot = (int) Math.floorMod(b, BUCKETS);
            if (bucket[slot] > b) {
                return; // the clock went back: the slot already holds a later bucket
            }
            if (bucket[slot] != b) {
                bucket[slot] = b;
                judged[slot] = 0;
                hits[slot] = 0;
                logLoss[slot] = 0;
                Arrays.fill(realized[slot], 0);
                optimumJudged[slot] = 0;
                optimumHits[slot] = 0;
                optimumLogLoss[slot] = 0;
            }
            judged[slot]++;
            hits[slot] += hit ? 1 : 0;
            logLoss[slot] += loss;
            realized[slot][move.ordinal()]++;
            if (optimumLoss != null) {
                optimumJudged[slot]++;
                optimumHits[slot] += optimumHit ? 1 : 0;
                optimumLogLoss[slot] += optimumLoss;
            }
        }

        boolean anyIn(long current) {
            for (long b : bucket) {
                if (inWindow(b, current)) {
                    return true;
                }
            }
            return false;
        }

        VersionHitRate total(ModelVersion version, long current) {
            long allJudged = 0;
            long allHits = 0;
            double allLoss = 0;
            long[] allRealized = new long[MoveDirection.values().length];
            long allOptimumJudged = 0;
            long allOptimumHits = 0;
            double allOptimumLoss = 0;
            for (int slot = 0; slot < BUCKETS; slot++) {
                if (inWindow(bucket[slot], current)) {
                    allJudged += judged[slot];
                    allHits += hits[slot];
                    allLoss += logLoss[slot];
                    for (int d = 0; d < allRealized.length; d++) {
                        allRealized[d] += realized[slot][d];
                    }
                    allOptimumJudged += optimumJudged[slot];
                    allOptimumHits += optimumHits[slot];
                    allOptimumLoss += optimumLogLoss[slot];
                }
            }
            Optimum optimum = allOptimumJudged == 0 ? null
                    : new Optimum(allOptimumJudged, allOptimumHits, allOptimumLoss / allOptimumJudged);
            return new VersionHitRate(version, allJudged, allHits, allLoss / allJudged, Prior.of(allRealized),
                    optimum);
        }
    }
}
