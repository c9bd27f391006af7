package io.atlas.strimzi;

import io.atlas.catalog.CleanupPolicy;
import io.atlas.catalog.Topic;
import io.atlas.catalog.Topics;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Sizes broker disks from the topic catalog's retention and partitions and a target tick rate.
 *
 * <p>For a topic deleted by age: {@code bytes = records/s × bytes/record × retention seconds}. For a compacted topic:
 * {@code bytes = live keys × bytes/record × 2} (the log cleaner lets the dirty part reach 50% of the log by default).
 * Each is multiplied by the replication factor, plus one full segment per partition replica (only closed segments are
 * deleted or cleaned). The total is spread over the brokers and divided by {@link #DISK_FILL_LIMIT} so a broker can
 * take a failed zone's share of new data and reassignments without filling up, then rounded up to 10 GiB.
 *
 * <p>Record sizes are the measured single-object Avro encodings of {@code SampleEvents} (checked by a test to stay
 * above the measurement) plus {@link #RECORD_OVERHEAD_BYTES} of key and record framing; no compression is assumed.
 */
public final class StorageSizing {

    /** The design target: sustained ticks per second over the whole market, at peak. */
    public static final int TARGET_TICKS_PER_SECOND = 20_000;

    /** Instruments (symbols): keys of the compacted per-symbol topics. */
    public static final int INSTRUMENT_COUNT = 10_000;

    /** Model releases kept in the compacted release topic (latest per model). */
    public static final int MODEL_RELEASES_KEPT = 50;

    public static final int REPLICATION_FACTOR = 3;

    /** Brokers per zone: the minimum that carries the sized disks at {@link #MAX_BROKER_DISK_GIB} or less. */
    public static final int BROKERS_PER_ZONE = 4;

    public static final double DISK_FILL_LIMIT = 0.6;

    /** Key (a symbol, ~8 bytes) plus record-batch framing amortized per record (~32 bytes). */
    public static final int RECORD_OVERHEAD_BYTES = 40;

    /** Single-object Avro MarketTick: measured 86 bytes for {@code SampleEvents.marketTick()}, rounded up. */
    public static final int MARKET_TICK_BYTES = 96;

    /** The same tick as edge JSON from outside producers (measured 227 bytes), rounded up. */
    public static final int RAW_TICK_BYTES = 256;

    /** Avro Prediction (measured 104 bytes), rounded up. */
    public static final int PREDICTION_BYTES = 128;

    /** Avro PredictionOutcome v2 with the optimum (measured 141 bytes; 130 without it), rounded up. */
    public static final int OUTCOME_BYTES = 160;

    /** Avro Instrument (measured 61 bytes), rounded up. */
    public static final int INSTRUMENT_BYTES = 96;

    /** A dead letter carries the refused bytes plus reason and coordinates (measured 119 bytes for a small one). */
    public static final int DEAD_LETTER_BYTES = 600;

    /** The topic limit {@code max.message.bytes}: a release may carry its model inline. */
    public static final int MODEL_RELEASE_BYTES = 8 * 1024 * 1024;

    /** Kafka's default {@code segment.bytes}. */
    public static final long SEGMENT_BYTES = 1L << 30;

    public static final long MAX_BROKER_DISK_GIB = 2048;

    /** Share of ticks refused into dead letters at worst (a misbehaving producer), per tick. */
    public static final double DEAD_LETTERS_PER_TICK = 0.01;

    private StorageSizing() {
    }

    /** One topic's share: records per tick and bytes per record, or live keys for compacted topics. */
    record Load(double recordsPerTick, int recordBytes, int liveKeys) {
    }

    // Predictions: one live and up to one shadow per tick. Outcomes: one per live prediction.
    static Load load(Topic<?, ?> topic) {
        if (topic == Topics.TICKS_RAW) {
            return new Load(1, RAW_TICK_BYTES, 0);
        } else if (topic == Topics.TICKS) {
            return new Load(1, MARKET_TICK_BYTES, 0);
        } else if (topic == Topics.PREDICTIONS) {
            return new Load(2, PREDICTION_BYTES, 0);
        } else if (topic == Topics.PREDICTION_OUTCOMES) {
            return new Load(1, OUTCOME_BYTES, 0);
        } else if (topic == Topics.DEAD_LETTERS) {
            return new Load(DEAD_LETTERS_PER_TICK, DEAD_LETTER_BYTES, 0);
        } else if (topic == Topics.INSTRUMENTS) {
            return new Load(0, INSTRUMENT_BYTES, INSTRUMENT_COUNT);
        } else if (topic == Topics.PREDICTIONS_LAST) {
            return new Load(0, PREDICTION_BYTES, INSTRUMENT_COUNT);
        } else if (topic == Topics.MODEL_PROPOSALS) {
            // A handful a week at most (a scorer's first-start model): nothing at the scale of the tick topics.
            return new Load(0, MODEL_RELEASE_BYTES, 0);
        } else if (topic == Topics.MODEL_RELEASES) {
            return new Load(0, MODEL_RELEASE_BYTES, MODEL_RELEASES_KEPT);
        } else if (topic == Topics.CDC_OFFSETS) {
            return new Load(0, 1024, 16);
        }
        throw new IllegalArgumentException("No sizing for topic " + topic + ": add its load to StorageSizing");
    }

    /** Bytes one copy of the topic holds at the target rate, before replication and segment slack. */
    public static long retainedBytes(Topic<?, ?> topic) {
        Load load = load(topic);
        if (topic.cleanupPolicy() == CleanupPolicy.COMPACT) {
            return 2L * load.liveKeys() * (load.recordBytes() + RECORD_OVERHEAD_BYTES);
        }
        double bytesPerSecond = TARGET_TICKS_PER_SECOND * load.recordsPerTick()
                * (load.recordBytes() + RECORD_OVERHEAD_BYTES);
        return (long) Math.ceil(bytesPerSecond * topic.retention().toSeconds());
    }

    /** Bytes the topic takes across the cluster: replicas of the retained data plus one segment per replica. */
    public static long clusterBytes(Topic<?, ?> topic) {
        long slack = (long) topic.partitions() * REPLICATION_FACTOR
                * Math.min(SEGMENT_BYTES, Math.max(retainedBytes(topic) / topic.partitions(), 1L << 20));
        return retainedBytes(topic) * REPLICATION_FACTOR + slack;
    }

    /** Every catalog topic's cluster bytes, in catalog order. */
    public static Map<String, Long> byTopic() {
        Map<String, Long> bytes = new LinkedHashMap<>();
        Topics.all().forEach(topic -> bytes.put(topic.name(), clusterBytes(topic)));
        return bytes;
    }

    public static int brokers() {
        return BROKERS_PER_ZONE * 3;
    }

    /** The persistent volume size of each broker, in GiB. */
    public static long brokerDiskGib() {
        long total = byTopic().values().stream().mapToLong(Long::longValue).sum();
        double perBroker = total / (double) brokers() / DISK_FILL_LIMIT;
        long gib = (long) Math.ceil(perBroker / (1L << 30));
        return ((gib + 9) / 10) * 10;
    }

    /** The calculation as a Markdown table, for the README. */
    public static String markdown() {
        StringBuilder table = new StringBuilder("| topic | records/s | bytes/record (+" + RECORD_OVERHEAD_BYTES
                + " framing) | retention | one copy | "
                + "cluster (×" + REPLICATION_FACTOR + " + segments) |\n|---|---|---|---|---|---|\n");
        for (Topic<?, ?> topic : Topics.all()) {
            Load load = load(topic);
            String rate = topic.cleanupPolicy() == CleanupPolicy.COMPACT ? load.liveKeys() + " keys (compacted)"
                    : String.valueOf((long) (TARGET_TICKS_PER_SECOND * load.recordsPerTick()));
            String retention = topic.cleanupPolicy() == CleanupPolicy.COMPACT ? "compacted"
                    : topic.retention().toHours() + " h";
            table.append("| ").append(topic.name()).append(" | ").append(rate).append(" | ")
                    .append(load.recordBytes()).append(" | ").append(retention).append(" | ")
                    .append(gib(retainedBytes(topic))).append(" | ").append(gib(clusterBytes(topic))).append(" |\n");
        }
        long total = byTopic().values().stream().mapToLong(Long::longValue).sum();
        table.append("\nTotal ").append(gib(total)).append(" over ").append(brokers()).append(" brokers at ")
                .append((int) (DISK_FILL_LIMIT * 100)).append("% fill: **").append(brokerDiskGib())
                .append(" GiB per broker**.\n");
        return table.toString();
    }

    private static String gib(long bytes) {
        return String.format(java.util.Locale.ROOT, "%.2f GiB", bytes / (double) (1L << 30));
    }
}
