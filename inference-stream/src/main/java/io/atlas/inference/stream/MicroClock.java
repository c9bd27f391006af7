package io.atlas.inference.stream;

/**
 * Wall-clock time in epoch microseconds without allocating: the millisecond clock read once, advanced by the
 * monotonic nanosecond clock.
 */
final class MicroClock {

    private static final long BASE_MICROS = System.currentTimeMillis() * 1000 - System.nanoTime() / 1000;

    private MicroClock() {
    }

    static long nowMicros() {
        return BASE_MICROS + System.nanoTime() / 1000;
    }
}
