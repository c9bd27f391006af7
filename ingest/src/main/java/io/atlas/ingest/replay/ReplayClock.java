package io.atlas.ingest.replay;

/**
 * When each replayed tick is due: the first tick's exchange time is pinned to the start, and later ticks follow at
 * their recorded distance divided by the speed (2 = twice as fast). Ticks recorded out of order are due at once.
 * Speed 0 means flat out: everything is due now.
 */
final class ReplayClock {

    private final double speed;
    private final long startNanos;
    private long firstMicros = Long.MIN_VALUE;

    ReplayClock(double speed, long startNanos) {
        if (!(speed >= 0) || Double.isInfinite(speed)) {
            throw new IllegalArgumentException("speed must be finite and >= 0, got " + speed);
        }
        this.speed = speed;
        this.startNanos = startNanos;
    }

    /** The {@link System#nanoTime()} at which a tick of {@code exchangeTimeMicros} is due. */
    long dueNanos(long exchangeTimeMicros) {
        if (speed == 0) {
            return startNanos;
        }
        if (firstMicros == Long.MIN_VALUE) {
            firstMicros = exchangeTimeMicros;
        }
        long recordedMicros = Math.max(0, exchangeTimeMicros - firstMicros);
        return startNanos + (long) (recordedMicros * 1_000.0 / speed);
    }
}
