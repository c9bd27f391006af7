package io.atlas.gateway.ops;

import io.atlas.catalog.Hop;
import io.atlas.ops.HopTimers;
import io.micrometer.core.instrument.Clock;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.distribution.HistogramSnapshot;
import io.micrometer.core.instrument.distribution.ValueAtPercentile;
import io.micrometer.core.instrument.simple.SimpleConfig;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The pipeline's hops as this gateway sees them, derived from the stamps every live prediction carries and the
 * gateway's own times: {@link Hop#BROKER_TO_INFERENCE} (publisher's ingest stamp to score start), {@link Hop#SCORING}
 * (score start to end), {@link Hop#INFERENCE_TO_PREDICTIONS} (score end to the feed's poll returning the record),
 * {@link Hop#PREDICTIONS_TO_GATEWAY} (poll returned to routed: decoded, encoded once) and
 * {@link Hop#GATEWAY_TO_SOCKET} (routed to the socket write's callback; at most one frame per connection per
 * 10 ms is timed).
 *
 * <p>The last three happen here and go to the service's registry. The first two are inference-stream's own timers;
 * recording them here too would count every prediction once more per gateway replica in Prometheus, so they only
 * feed the sliding {@link #WINDOW} the live page reads, where all five are kept side by side.
 */
public final class GatewayHops {

    /** How far back the live page's percentiles reach. */
    public static final Duration WINDOW = Duration.ofSeconds(20);

    /** The hops a prediction lets the gateway see, in pipeline order. */
    public static final List<Hop> SEEN = List.of(Hop.BROKER_TO_INFERENCE, Hop.SCORING, Hop.INFERENCE_TO_PREDICTIONS,
            Hop.PREDICTIONS_TO_GATEWAY, Hop.GATEWAY_TO_SOCKET);

    /** Micrometer rotates this many histograms over the window, so old samples leave in steps of a quarter. */
    private static final int WINDOW_BUFFERS = 4;

    /** One hop's latency percentiles over the window, in milliseconds; both zero when nothing was timed in it. */
    public record HopWindow(Hop hop, double p50Millis, double p99Millis) {
        public boolean empty() {
            return p99Millis == 0;
        }
    }

    private final Timer inferenceToPredictions;
    private final Timer predictionsToGateway;
    private final Timer gatewayToSocket;
    private final Map<Hop, Timer> window = new EnumMap<>(Hop.class);

    public GatewayHops(MeterRegistry registry) {
        this(registry, Clock.SYSTEM);
    }

    /** @param clock the window's clock; tests move it to age samples out */
    GatewayHops(MeterRegistry registry, Clock clock) {
        inferenceToPredictions = HopTimers.register(registry, Hop.INFERENCE_TO_PREDICTIONS);
        predictionsToGateway = HopTimers.register(registry, Hop.PREDICTIONS_TO_GATEWAY);
        gatewayToSocket = HopTimers.register(registry, Hop.GATEWAY_TO_SOCKET);
        SimpleMeterRegistry windows = new SimpleMeterRegistry(SimpleConfig.DEFAULT, clock);
        for (Hop hop : SEEN) {
            // Two significant digits: the default one would report 137 ms as 130 ms.
            window.put(hop, HopTimers.builder(hop).publishPercentiles(0.5, 0.99).percentilePrecision(2)
                    .distributionStatisticExpiry(WINDOW).distributionStatisticBufferLength(WINDOW_BUFFERS)
                    .register(windows));
        }
    }

    /**
     * Fan-out thread: a live prediction stamped {@code ingestTimeMicros}, {@code scoreStartMicros} and
     * {@code scoreEndMicros} came out of the feed's poll at {@code receivedMicros} (all epoch microseconds).
     */
    public void received(long ingestTimeMicros, long scoreStartMicros, long scoreEndMicros, long receivedMicros) {
        HopTimers.recordBetween(window.get(Hop.BROKER_TO_INFERENCE), ingestTimeMicros, scoreStartMicros);
        HopTimers.recordBetween(window.get(Hop.SCORING), scoreStartMicros, scoreEndMicros);
        HopTimers.recordBetween(inferenceToPredictions, scoreEndMicros, receivedMicros);
        HopTimers.recordBetween(window.get(Hop.INFERENCE_TO_PREDICTIONS), scoreEndMicros, receivedMicros);
    }

    /** Fan-out thread: a prediction the poll returned at {@code receivedNanos} is routed at {@code routedNanos}. */
    public void routed(long receivedNanos, long routedNanos) {
        record(predictionsToGateway, Hop.PREDICTIONS_TO_GATEWAY, routedNanos - receivedNanos);
    }

    /** Writer thread: a live frame routed at {@code routedNanos} was written to its socket at {@code writtenNanos}. */
    public void written(long routedNanos, long writtenNanos) {
        record(gatewayToSocket, Hop.GATEWAY_TO_SOCKET, writtenNanos - routedNanos);
    }

    private void record(Timer timer, Hop hop, long nanos) {
        timer.record(nanos, TimeUnit.NANOSECONDS);
        window.get(hop).record(nanos, TimeUnit.NANOSECONDS);
    }

    /** Every seen hop's p50 and p99 over the last {@link #WINDOW}, in pipeline order. */
    public List<HopWindow> window() {
        List<HopWindow> hops = new ArrayList<>(SEEN.size());
        for (Hop hop : SEEN) {
            HistogramSnapshot snapshot = window.get(hop).takeSnapshot();
            double p50 = 0;
            double p99 = 0;
            for (ValueAtPercentile value : snapshot.percentileValues()) {
                if (value.percentile() == 0.5) {
                    p50 = value.value(TimeUnit.MILLISECONDS);
                } else {
                    p99 = value.value(TimeUnit.MILLISECONDS);
                }
            }
            hops.add(new HopWindow(hop, p50, p99));
        }
        return hops;
    }
}
