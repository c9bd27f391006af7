package io.atlas.perf.wsload;

import org.HdrHistogram.Histogram;

/** Latency percentiles of one window in milliseconds, read from an HdrHistogram of microseconds. */
record Percentiles(long count, double p50Ms, double p90Ms, double p99Ms, double p999Ms, double maxMs) {

    static Percentiles of(Histogram micros) {
        return new Percentiles(micros.getTotalCount(), ms(micros.getValueAtPercentile(50)),
                ms(micros.getValueAtPercentile(90)), ms(micros.getValueAtPercentile(99)),
                ms(micros.getValueAtPercentile(99.9)), ms(micros.getMaxValue()));
    }

    private static double ms(long micros) {
        return micros / 1000.0;
    }
}
