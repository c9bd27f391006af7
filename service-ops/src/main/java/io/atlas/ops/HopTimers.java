package io.atlas.ops;

import io.atlas.catalog.Hop;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Builds the per-hop latency timer ({@link Hop#METER} tagged {@link Hop#TAG}) in one shape for every service, so
 * Prometheus gets the same histogram buckets from each process and {@code histogram_quantile} can line the hops up.
 */
public final class HopTimers {

    /** The fastest hop worth a bucket: a scoring pass or an in-process hand-over. */
    public static final Duration MIN_EXPECTED = Duration.ofNanos(100_000);

    /** Beyond this a hop is simply broken; slower samples land in the +Inf bucket. */
    public static final Duration MAX_EXPECTED = Duration.ofSeconds(30);

    static final String DESCRIPTION = "Latency of one hop of a tick's trip from its producer to a WebSocket client";

    private HopTimers() {
    }

    /** The timer of {@code hop} with its Prometheus histogram, registered in {@code registry}. */
    public static Timer register(MeterRegistry registry, Hop hop) {
        return builder(hop).publishPercentileHistogram().register(registry);
    }

    /** The timer of {@code hop}, named, described, tagged and bounded, for callers that add their own statistics. */
    public static Timer.Builder builder(Hop hop) {
        return Timer.builder(Hop.METER).description(DESCRIPTION).tag(Hop.TAG, hop.tagValue())
                .minimumExpectedValue(MIN_EXPECTED).maximumExpectedValue(MAX_EXPECTED);
    }

    /**
     * Records the time from {@code fromMicros} to {@code toMicros} (epoch microseconds, possibly stamped by two
     * hosts). A negative difference can only be clock skew between those hosts: it is not recorded, as no latency
     * can be told from it.
     */
    public static void recordBetween(Timer timer, long fromMicros, long toMicros) {
        long micros = toMicros - fromMicros;
        if (micros >= 0) {
            timer.record(micros, TimeUnit.MICROSECONDS);
        }
    }
}
