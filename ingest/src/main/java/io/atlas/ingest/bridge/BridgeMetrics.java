package io.atlas.ingest.bridge;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.EnumMap;
import java.util.Map;

/**
 * The bridge's meters, {@code atlas.ingest.bridge.*}: records in, ticks out, dead letters by reason (one counter per
 * {@link RejectReason}: a bounded tag), transactions committed and aborted, and the commit latency.
 */
final class BridgeMetrics {

    private final Counter recordsIn;
    private final Counter ticksOut;
    private final Counter bytesIn;
    private final Map<RejectReason, Counter> deadLetters = new EnumMap<>(RejectReason.class);
    private final Counter aborted;
    private final Counter commitsRetried;
    private final Timer commit;

    BridgeMetrics(MeterRegistry registry) {
        recordsIn = Counter.builder("atlas.ingest.bridge.records.in")
                .description("Raw records read from atlas.ticks.raw").register(registry);
        bytesIn = Counter.builder("atlas.ingest.bridge.bytes.in").baseUnit("bytes")
                .description("Bytes of raw record values read").register(registry);
        ticksOut = Counter.builder("atlas.ingest.bridge.ticks.out")
                .description("Valid ticks written to atlas.ticks (in committed and aborted transactions)")
                .register(registry);
        for (RejectReason reason : RejectReason.values()) {
            deadLetters.put(reason, Counter.builder("atlas.ingest.bridge.dead.letters")
                    .description("Raw records refused and written to atlas.dead-letters")
                    .tag("reason", reason.name()).register(registry));
        }
        aborted = Counter.builder("atlas.ingest.bridge.transactions.aborted")
                .description("Transactions aborted after an error; their records are read again").register(registry);
        commitsRetried = Counter.builder("atlas.ingest.bridge.transactions.commit.retried")
                .description("Commits retried after outlasting max.block.ms (their outcome unknown until retried)")
                .register(registry);
        commit = Timer.builder("atlas.ingest.bridge.transaction.commit")
                .description("Time to send offsets and commit one transaction")
                .publishPercentiles(0.5, 0.99).register(registry);
    }

    void recordIn(int bytes) {
        recordsIn.increment();
        bytesIn.increment(bytes);
    }

    void tickOut() {
        ticksOut.increment();
    }

    void deadLetter(RejectReason reason) {
        deadLetters.get(reason).increment();
    }

    void aborted() {
        aborted.increment();
    }

    void commitRetried() {
        commitsRetried.increment();
    }

    Timer commit() {
        return commit;
    }
}
