package io.atlas.ingest.simulate;

/**
 * Decides how many ticks may go out now to hold a target rate without drift: tick n is due at start + n / rate, an
 * absolute schedule, so time lost to a slow send or a GC pause is caught up afterwards instead of accumulating. A
 * late sender catches up in batches of at most {@code maxBatch}, re-reading the clock in between. Not thread-safe.
 */
final class Pacer {

    private final double ratePerSecond;
    private final long startNanos;
    private final int maxBatch;
    private long released;

    /**
     * @param ratePerSecond ticks per second; 0 means flat out (every call releases a full batch)
     * @param startNanos    {@link System#nanoTime()} at the start of the schedule
     * @param maxBatch      the most ticks one call releases
     */
    Pacer(double ratePerSecond, long startNanos, int maxBatch) {
        if (ratePerSecond < 0 || maxBatch < 1) {
            throw new IllegalArgumentException("need rate >= 0 and maxBatch >= 1");
        }
        this.ratePerSecond = ratePerSecond;
        this.startNanos = startNanos;
        this.maxBatch = maxBatch;
    }

    /** Ticks that may be sent at {@code nowNanos} (and are counted as released). */
    int release(long nowNanos) {
        if (ratePerSecond == 0) {
            released += maxBatch;
            return maxBatch;
        }
        long due = dueBy(nowNanos);
        int batch = (int) Math.max(0, Math.min(maxBatch, due - released));
        released += batch;
        return batch;
    }

    /** Ticks due by {@code nowNanos} since the start; multiplying first keeps whole rates exact. */
    private long dueBy(long nowNanos) {
        return (long) Math.floor((nowNanos - startNanos) * ratePerSecond / 1e9) + 1;
    }

    /** Nanoseconds from {@code nowNanos} until the next tick is due; 0 when one already is. */
    long nanosUntilNext(long nowNanos) {
        if (ratePerSecond == 0) {
            return 0;
        }
        long dueAt = startNanos + (long) Math.ceil(released * 1e9 / ratePerSecond);
        return Math.max(0, dueAt - nowNanos);
    }

    /** Ticks due by {@code nowNanos} and not yet released: how far the sender is behind its schedule. */
    long behind(long nowNanos) {
        if (ratePerSecond == 0) {
            return 0;
        }
        long due = dueBy(nowNanos);
        return Math.max(0, due - released);
    }
}
