package io.atlas.gateway.evaluation;

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
 * Hits, judged predictions and summed log-loss per {@link ModelVersion} over the last {@link #WINDOW}: written by the
 * outcome feed's thread, read by the live page's polls. The window is {@value #BUCKETS} buckets of 30 s, the current
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

    /** One version's totals over the window; {@code judged} is never zero. */
    public record VersionHitRate(ModelVersion version, long judged, long hits, double meanLogLoss) {
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
     * Counts one outcome of {@code version} judged at {@code judgedAtMillis} (its record's timestamp). One judged
     * before the window is ignored; one stamped ahead of this clock (skew between hosts) counts as judged now.
     *
     * @throws IllegalArgumentException when {@code logLoss} is not a finite number: it would poison the mean
     */
    public synchronized void judged(ModelVersion version, boolean hit, double logLoss, long judgedAtMillis) {
        if (!Double.isFinite(logLoss)) {
            throw new IllegalArgumentException("log-loss " + logLoss + " of " + version + " is not finite");
        }
        long current = bucketOf(clockMillis.getAsLong());
        if (current != expiredAt) {
            expire(current);
        }
        long bucket = Math.min(bucketOf(judgedAtMillis), current);
        if (bucket > current - BUCKETS) {
            versions.computeIfAbsent(version, v -> new Buckets()).add(bucket, hit, logLoss);
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

        Buckets() {
            Arrays.fill(bucket, Long.MIN_VALUE);
        }

        void add(long b, boolean hit, double loss) {
            int slot = (int) Math.floorMod(b, BUCKETS);
            if (bucket[slot] > b) {
                return; // the clock went back: the slot already holds a later bucket
            }
            if (bucket[slot] != b) {
                bucket[slot] = b;
                judged[slot] = 0;
                hits[slot] = 0;
                logLoss[slot] = 0;
            }
            judged[slot]++;
            hits[slot] += hit ? 1 : 0;
            logLoss[slot] += loss;
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
            for (int slot = 0; slot < BUCKETS; slot++) {
                if (inWindow(bucket[slot], current)) {
                    allJudged += judged[slot];
                    allHits += hits[slot];
                    allLoss += logLoss[slot];
                }
            }
            return new VersionHitRate(version, allJudged, allHits, allLoss / allJudged);
        }
    }
}
