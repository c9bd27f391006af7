package io.atlas.gateway.ops;

import io.atlas.gateway.protocol.CloseCodes;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.BaseUnits;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The gateway's meters, all named {@code atlas.gateway.*}: connections, subscriptions, frames and bytes out, conflated
 * and dropped updates, predictions read and skipped, outcomes skipped, closes by code, refusals by code, outbound
 * queue depth and end-to-end latency from the tick's exchange time to the data frame written to the socket. Tags are
 * bounded (frame kind, close label, error code).
 * The pipeline hops the gateway sees are in {@link #hops()}.
 */
public final class GatewayMetrics {

    public static final String PREFIX = "atlas.gateway.";

    private final MeterRegistry registry;
    private final Counter dataOut;
    private final Counter snapshotOut;
    private final Counter controlOut;
    private final Counter batchesOut;
    private final Counter bytesOut;
    private final Counter conflated;
    private final Counter dropped;
    private final Counter recordsIn;
    private final Counter recordsInvalid;
    private final Counter outcomesInvalid;
    private final Timer latency;
    private final GatewayHops hops;
    private final Map<String, Counter> closes = new ConcurrentHashMap<>();
    private final Map<String, Counter> refusals = new ConcurrentHashMap<>();

    public GatewayMetrics(MeterRegistry registry) {
        this.registry = registry;
        dataOut = frames("data");
        snapshotOut = frames("snapshot");
        controlOut = frames("control");
        batchesOut = Counter.builder(PREFIX + "batches.out")
                .description("Batch frames written to clients that asked for batching, each carrying data updates")
                .register(registry);
        bytesOut = Counter.builder(PREFIX + "bytes.out").baseUnit(BaseUnits.BYTES)
                .description("Bytes of text frames written to clients (UTF-8)").register(registry);
        conflated = Counter.builder(PREFIX + "updates.conflated")
                .description("Pending updates replaced by a newer one for the same symbol (slow client or maxRate)")
                .register(registry);
        dropped = Counter.builder(PREFIX + "updates.dropped")
                .description("Updates not delivered because the client's queue hit its hard limit").register(registry);
        recordsIn = Counter.builder(PREFIX + "records.in").description("Prediction records read from Kafka")
                .register(registry);
        recordsInvalid = Counter.builder(PREFIX + "records.invalid")
                .description("Prediction records that could not be decoded and were skipped").register(registry);
        outcomesInvalid = Counter.builder(PREFIX + "outcomes.invalid")
                .description("Prediction outcome records that could not be decoded or judged and were skipped")
                .register(registry);
        latency = Timer.builder(PREFIX + "latency")
                .description("Tick exchange time to data frame written to the socket (a batch frame: its oldest "
                        + "live update); at most one frame per connection per 10 ms")
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(1)).maximumExpectedValue(Duration.ofSeconds(30))
                .register(registry);
        hops = new GatewayHops(registry);
    }

    public GatewayHops hops() {
        return hops;
    }

    private Counter frames(String kind) {
        return Counter.builder(PREFIX + "messages.out").tag("kind", kind)
                .description("Frames written to clients, by kind; each data update of a batch frame counts")
                .register(registry);
    }

    public void gauges(Supplier<Number> connections, Supplier<Number> subscriptions, Supplier<Number> queueDepth) {
        Gauge.builder(PREFIX + "connections", connections).description("Open WebSocket connections")
                .register(registry);
        Gauge.builder(PREFIX + "subscriptions", subscriptions).description("Subscriptions held by open connections")
                .register(registry);
        Gauge.builder(PREFIX + "queue.depth", queueDepth)
                .description("Frames waiting in outbound queues, all connections").register(registry);
    }

    /** A control frame of {@code bytes} was written. */
    public void controlWritten(int bytes) {
        bytesOut.increment(bytes);
        controlOut.increment();
    }

    /**
     * A frame of data updates was written: one update, or a batch of them.
     *
     * @param oldestExchangeMicros tick exchange time of its oldest live update, to time it by; 0 leaves it untimed
     */
    public void dataWritten(int bytes, int live, int snapshots, long oldestExchangeMicros, boolean batch) {
        bytesOut.increment(bytes);
        if (batch) {
            batchesOut.increment();
        }
        if (snapshots > 0) {
            snapshotOut.increment(snapshots);
        }
        if (live > 0) {
            dataOut.increment(live);
        }
        if (oldestExchangeMicros > 0) {
            long micros = System.currentTimeMillis() * 1000 - oldestExchangeMicros;
            if (micros >= 0) {
                latency.record(micros, TimeUnit.MICROSECONDS);
            }
        }
    }

    public void conflated() {
        conflated.increment();
    }

    public void dropped() {
        dropped.increment();
    }

    public void recordIn() {
        recordsIn.increment();
    }

    public void recordInvalid() {
        recordsInvalid.increment();
    }

    public void outcomeInvalid() {
        outcomesInvalid.increment();
    }

    public void closed(int code) {
        String label = CloseCodes.label(code);
        closes.computeIfAbsent(label, l -> Counter.builder(PREFIX + "closes").tag("code", l)
                .description("Closed connections, by close code").register(registry)).increment();
    }

    /** A refused request or upgrade; {@code code} is an error code name or an upgrade refusal reason. */
    public void refused(String code) {
        refusals.computeIfAbsent(code, c -> Counter.builder(PREFIX + "refusals").tag("code", c)
                .description("Refused requests and upgrades, by code").register(registry)).increment();
    }
}
