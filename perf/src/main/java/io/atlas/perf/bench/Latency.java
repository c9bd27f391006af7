package io.atlas.perf.bench;

import org.HdrHistogram.Histogram;

/**
 * Latency percentiles of one measured phase, in milliseconds, read from an HdrHistogram of microseconds.
 *
 * @param count how many records were measured
 */
public record Latency(long count, double p50Ms, double p90Ms, double p99Ms, double p999Ms, double maxMs) {

    /** A histogram of microsecond values able to hold up to ten minutes at three significant digits. */
    public static Histogram newHistogram() {
        return new Histogram(600_000_000L, 3);
    }

    public static Latency of(Histogram micros) {
        return new Latency(micros.getTotalCount(), ms(micros.getValueAtPercentile(50)),
                ms(micros.getValueAtPercentile(90)), ms(micros.getValueAtPercentile(99)),
                ms(micros.getValueAtPercentile(99.9)), ms(micros.getMaxValue()));
    }

    private static double ms(long micros) {
        return micros / 1000.0;
    }
}
