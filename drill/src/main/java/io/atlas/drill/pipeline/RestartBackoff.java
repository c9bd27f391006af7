package io.atlas.drill.pipeline;

import java.time.Duration;

/**
 * How long the restart of one service that exited on its own waits, as the kubelet backs off a crashing container:
 * at once the first time, then 10 s doubling up to 5 minutes while it keeps exiting, and at once again after it has
 * run 10 minutes since its last restart. Without it a service that cannot start would be relaunched as fast as a JVM
 * starts, taking the CPU the drill measures the rest of the pipeline on.
 */
final class RestartBackoff {

    static final Duration FIRST_DELAY = Duration.ofSeconds(10);
    static final Duration MAX_DELAY = Duration.ofMinutes(5);
    static final Duration RESET_AFTER = Duration.ofMinutes(10);

    private int restartsInRow;
    private long lastRestartNanos;

    /** The delay before restarting after an exit at {@code nowNanos} ({@link System#nanoTime()}'s clock). */
    Duration next(long nowNanos) {
        if (restartsInRow > 0 && nowNanos - lastRestartNanos >= RESET_AFTER.toNanos()) {
            restartsInRow = 0;
        }
        Duration delay = Duration.ZERO;
        if (restartsInRow > 0) {
            delay = FIRST_DELAY.multipliedBy(1L << Math.min(restartsInRow - 1, 16));
            delay = delay.compareTo(MAX_DELAY) > 0 ? MAX_DELAY : delay;
        }
        restartsInRow++;
        lastRestartNanos = nowNanos + delay.toNanos();
        return delay;
    }
}
