package io.atlas.keda.simulation;

import java.util.function.IntToDoubleFunction;

/**
 * Arriving records per second over simulated time: steady, a 10× burst, or a daily curve.
 *
 * @param name shown in reports
 * @param seconds how long the simulation runs
 * @param burstStart the second a burst starts, or -1 when the profile has none
 * @param rate records arriving in second {@code t}
 */
public record LoadProfile(String name, int seconds, int burstStart, IntToDoubleFunction rate) {

    /** The steady rate, for {@code seconds}. */
    public static LoadProfile steady(double perSecond, int seconds) {
        return new LoadProfile("steady", seconds, -1, t -> perSecond);
    }

    /** The steady rate, then {@code factor} times it for {@code burstSeconds} starting at {@code start}, then steady. */
    public static LoadProfile burst(double perSecond, double factor, int start, int burstSeconds, int seconds) {
        return new LoadProfile(String.format(java.util.Locale.ROOT, "%.0fx burst", factor), seconds, start,
                t -> t >= start && t < start + burstSeconds ? perSecond * factor : perSecond);
    }

    /** A day compressed into {@code seconds}: a trough of {@code low} at night, a peak of {@code high} mid-day. */
    public static LoadProfile daily(double low, double high, int seconds) {
        return new LoadProfile("daily curve", seconds, -1,
                t -> low + (high - low) * (1 - Math.cos(2 * Math.PI * t / seconds)) / 2);
    }
}
