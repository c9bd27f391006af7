package io.atlas.ingest.cdc;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;

/**
 * The CDC meters, {@code atlas.ingest.cdc.*}: events by table and operation, the lag from the PostgreSQL commit to
 * the Kafka acknowledgement, and errors by kind. Tags are bounded: two tables, four operations, three error kinds.
 */
final class CdcMetrics {

    private final MeterRegistry registry;
    private final Timer lag;
    private final Counter unmappable;
    private final Counter kafkaErrors;
    private final Counter databaseErrors;

    CdcMetrics(MeterRegistry registry) {
        this.registry = registry;
        lag = Timer.builder("atlas.ingest.cdc.lag")
                .description("From the commit in PostgreSQL (source ts_ms) to the change acknowledged by Kafka")
                .publishPercentiles(0.5, 0.99).register(registry);
        unmappable = Counter.builder("atlas.ingest.cdc.errors").tag("kind", "unmappable")
                .description("Changes that could not be captured, or writes to Kafka that failed").register(registry);
        kafkaErrors = Counter.builder("atlas.ingest.cdc.errors").tag("kind", "kafka")
                .description("Changes that could not be captured, or writes to Kafka that failed").register(registry);
        databaseErrors = Counter.builder("atlas.ingest.cdc.errors").tag("kind", "database")
                .description("Changes that could not be captured, or writes to Kafka that failed").register(registry);
    }

    void event(String table, String op, long sourceMillis, long nowMillis) {
        Counter.builder("atlas.ingest.cdc.events").tag("table", table).tag("op", op)
                .description("Row changes written to Kafka").register(registry).increment();
        lag.record(Duration.ofMillis(Math.max(0, nowMillis - sourceMillis)));
    }

    void unmappable() {
        unmappable.increment();
    }

    void kafkaError() {
        kafkaErrors.increment();
    }

    void databaseError() {
        databaseErrors.increment();
    }
}
