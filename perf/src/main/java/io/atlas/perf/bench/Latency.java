package io.atlas.perf.bench;

import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramIterationValue;

import java.util.ArrayList;
import java.util.List;

/**
 * Latency percentiles of one measured phase, in milliseconds, read from an HdrHistogram of microseconds, with the
 * whole distribution as HdrHistogram's percentile iteration (five ticks per half-distance) gives it.
 *
 * @param count        how many records were measured
 * @param distribution (percentile, ms) points, percentiles ascending, for plotting
 */
public record Latency(long count, double p50Ms, double p90Ms, double p99Ms, double p999Ms, double maxMs,
                      List<Point> distribution) {

    /** Ten minutes in microseconds: the longest latency a histogram holds. */
    public static final long HIGHEST_MICROS = 600_000_000L;
    public static final int SIGNIFICANT_DIGITS = 3;
    private static final int PERCENTILE_TICKS_PER_HALF_DISTANCE = 5;

    /** One point of the distribution: {@code percentile} % of the records took at most {@code ms}. */
    public record Point(double percentile, double ms) {
    }

    public Latency {
        distribution = List.copyOf(distribution);
    }

    /** No records measured. */
    public static Latency none() {
        return new Latency(0, 0, 0, 0, 0, 0, List.of());
    }

    /** A histogram of microsecond values able to hold up to ten minutes at three significant digits. */
    public static Histogram newHistogram() {
        return new Histogram(HIGHEST_MICROS, SIGNIFICANT_DIGITS);
    }

    public static Latency of(Histogram micros) {
        List<Point> points = new ArrayList<>();
        if (micros.getTotalCount() > 0) {
            for (HistogramIterationValue v : micros.percentiles(PERCENTILE_TICKS_PER_HALF_DISTANCE)) {
                points.add(new Point(v.getPercentileLevelIteratedTo(), ms(v.getValueIteratedTo())));
            }
        }
        return new Latency(micros.getTotalCount(), ms(micros.getValueAtPercentile(50)),
                ms(micros.getValueAtPercentile(90)), ms(micros.getValueAtPercentile(99)),
                ms(micros.getValueAtPercentile(99.9)), ms(micros.getMaxValue()), points);
    }

    private static double ms(long micros) {
        return micros / 1000.0;
    }
}
