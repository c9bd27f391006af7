package io.atlas.ingest.publish;

import io.atlas.catalog.Hop;
import io.atlas.ops.HopTimers;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.BaseUnits;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

/**
 * Writes a {@link TickPublisher}'s meters ({@value #PREFIX}*, tagged with the topic, and the pipeline's
 * {@link Hop#PRODUCER_TO_BROKER} hop) to a Micrometer registry; {@link #close()} removes them again.
 */
final class PublisherMetrics implements AutoCloseable {

    static final String PREFIX = "atlas.ingest.publish.";
    static final String RECORDS = PREFIX + "records";
    static final String BYTES = PREFIX + "bytes";
    static final String LATENCY = PREFIX + "latency";
    static final String ERRORS = PREFIX + "errors";
    static final String REJECTED = PREFIX + "rejected";
    static final String IN_FLIGHT = PREFIX + "inflight";

    private final MeterRegistry registry;
    private final String topic;
    private final Counter records;
    private final Counter bytes;
    private final Timer latency;
    private final Timer producerToBroker;
    private final Counter rejected;
    private final Map<Class<?>, Counter> errors = new ConcurrentHashMap<>();
    private final List<Meter> meters = new CopyOnWriteArrayList<>();
    private final AtomicBoolean closed = new AtomicBoolean();

    PublisherMetrics(MeterRegistry registry, String topic, Supplier<Number> inFlight) {
        this.registry = registry;
        this.topic = topic;
        records = keep(Counter.builder(RECORDS).description("Ticks the broker acknowledged")
                .tag("topic", topic).register(registry));
        bytes = keep(Counter.builder(BYTES).description("Serialized key and value bytes of acknowledged ticks")
                .baseUnit(BaseUnits.BYTES).tag("topic", topic).register(registry));
        latency = keep(Timer.builder(LATENCY).description("From handing a tick to the producer to its acknowledgement")
                .tag("topic", topic).publishPercentiles(0.5, 0.99, 0.999).publishPercentileHistogram()
                .register(registry));
        producerToBroker = keep(HopTimers.register(registry, Hop.PRODUCER_TO_BROKER));
        rejected = keep(Counter.builder(REJECTED).description("Ticks refused because the in-flight budget stayed full")
                .tag("topic", topic).register(registry));
        keep(Gauge.builder(IN_FLIGHT, inFlight).description("Ticks sent and not yet acknowledged or failed")
                .tag("topic", topic).register(registry));
    }

    void acknowledged(long nanos, int serializedBytes) {
        records.increment();
        bytes.increment(serializedBytes);
        latency.record(nanos, TimeUnit.NANOSECONDS);
        producerToBroker.record(nanos, TimeUnit.NANOSECONDS);
    }

    void failed(Throwable error) {
        // Tag values stay bounded: exception class names, of which a producer throws a handful.
        errors.computeIfAbsent(error.getClass(), type -> keep(Counter.builder(ERRORS)
                .description("Sends that failed, by exception type").tag("topic", topic)
                .tag("exception", type.getSimpleName()).register(registry))).increment();
    }

    void rejected() {
        rejected.increment();
    }

    private <M extends Meter> M keep(M meter) {
        meters.add(meter);
        return meter;
    }

    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            meters.forEach(registry::remove);
        }
    }
}
