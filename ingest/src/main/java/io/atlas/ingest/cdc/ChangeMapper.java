package io.atlas.ingest.cdc;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.atlas.catalog.ReleaseKey;
import io.atlas.events.Instrument;
import io.atlas.events.ModelRelease;
import io.atlas.events.ReleaseStatus;
import io.atlas.events.TradingStatus;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.source.SourceRecord;

/**
 * Maps a Debezium change event (a Connect {@link SourceRecord} with the before/after/source/op envelope) of the
 * {@code instruments} or {@code model_releases} table to a {@link CdcChange} carrying an Avro {@link Instrument} or
 * {@link ModelRelease}, or a tombstone for a delete. Pure and thread-safe.
 */
public final class ChangeMapper {

    /** Debezium's stand-in for a TOASTed column PostgreSQL did not send because the update left it unchanged. */
    static final String UNAVAILABLE = "__debezium_unavailable_value";
    private static final byte[] UNAVAILABLE_BYTES = UNAVAILABLE.getBytes(StandardCharsets.UTF_8);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String instrumentsTopic;
    private final String releasesTopic;

    public ChangeMapper(String instrumentsTopic, String releasesTopic) {
        this.instrumentsTopic = instrumentsTopic;
        this.releasesTopic = releasesTopic;
    }

    /**
     * The change carried by {@code record}.
     *
     * @throws UnmappableChangeException for a table or operation Atlas does not capture (e.g. a truncate), or a row
     *     that breaks the contract
     */
    public CdcChange map(SourceRecord record) {
        if (!(record.value() instanceof Struct envelope)) {
            throw new UnmappableChangeException("not a change event (value " + record.value() + ")");
        }
        String op = envelope.getString("op");
        Struct source = envelope.getStruct("source");
        String table = source.getString("table");
        long sourceMillis = source.getInt64("ts_ms");
        boolean delete = "d".equals(op);
        if (!delete && !"c".equals(op) && !"u".equals(op) && !"r".equals(op)) {
            throw new UnmappableChangeException("operation '" + op + "' on " + table + " is not captured");
        }
        Struct row = envelope.getStruct(delete ? "before" : "after");
        if (row == null) {
            throw new UnmappableChangeException("no row image in a '" + op + "' event on " + table);
        }
        return switch (table) {
            case "instruments" -> {
                String symbol = row.getString("symbol");
                yield new CdcChange(instrumentsTopic, table, op, symbol, delete ? null : instrument(row),
                        sourceMillis, false);
            }
            case "model_releases" -> {
                String key = ReleaseKey.of(row.getString("model_id"), row.getInt32("version"));
                if (delete) {
                    yield new CdcChange(releasesTopic, table, op, key, null, sourceMillis, false);
                }
                ModelRelease release = release(row);
                boolean missing = release.getModel() != null && isUnavailable(release.getModel());
                if (missing) {
                    release.setModel(null);
                }
                yield new CdcChange(releasesTopic, table, op, key, release, sourceMillis, missing);
            }
            default -> throw new UnmappableChangeException("table " + table + " is not captured");
        };
    }

    static Instrument instrument(Struct row) {
        return Instrument.newBuilder()
                .setSymbol(row.getString("symbol"))
                .setVenue(row.getString("venue"))
                .setTickSize(row.getFloat64("tick_size"))
                .setCurrency(row.getString("currency").strip())
                .setStatus(TradingStatus.valueOf(row.getString("status")))
                .setLotSize(row.getFloat64("lot_size"))
                .setDescription(row.getString("description"))
                .setUpdatedAtMicros(micros(row.getString("updated_at")))
                .build();
    }

    static ModelRelease release(Struct row) {
        List<String> features = new ArrayList<>();
        for (Object feature : row.getArray("features")) {
            features.add(feature.toString());
        }
        return ModelRelease.newBuilder()
                .setModelId(row.getString("model_id"))
                .setVersion(row.getInt32("version"))
                .setAlgorithm(row.getString("algorithm"))
                .setFeatures(features)
                .setHorizonTicks(row.getInt32("horizon_ticks"))
                .setModel(bytes(row.get("model")))
                .setDigest(row.getString("digest"))
                .setLocation(row.getString("location"))
                .setStatus(ReleaseStatus.valueOf(row.getString("status")))
                .setCreatedAtMicros(micros(row.getString("created_at")))
                .setMetrics(metrics(row.getString("metrics")))
                .build();
    }

    /** Epoch microseconds of a Debezium {@code ZonedTimestamp} (ISO-8601 with offset). */
    static long micros(String zonedTimestamp) {
        Instant instant = OffsetDateTime.parse(zonedTimestamp).toInstant();
        return instant.getEpochSecond() * 1_000_000L + instant.getNano() / 1_000;
    }

    private static ByteBuffer bytes(Object value) {
        if (value == null) {
            return null;
        }
        if (value instanceof ByteBuffer buffer) {
            return buffer;
        }
        return ByteBuffer.wrap((byte[]) value);
    }

    private static boolean isUnavailable(ByteBuffer model) {
        byte[] copy = new byte[model.remaining()];
        model.duplicate().get(copy);
        return Arrays.equals(copy, UNAVAILABLE_BYTES);
    }

    private static Map<String, Double> metrics(String json) {
        Map<String, Double> metrics = new HashMap<>();
        if (json == null) {
            return metrics;
        }
        try {
            JsonNode node = JSON.readTree(json);
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> entry = it.next();
                if (!entry.getValue().isNumber()) {
                    throw new UnmappableChangeException("metrics." + entry.getKey() + " is not a number");
                }
                metrics.put(entry.getKey(), entry.getValue().doubleValue());
            }
        } catch (IOException e) {
            throw new UnmappableChangeException("metrics is not a JSON object: " + e.getMessage());
        }
        return metrics;
    }
}
