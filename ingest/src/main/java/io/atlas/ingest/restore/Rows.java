package io.atlas.ingest.restore;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.atlas.events.Instrument;
import io.atlas.events.ModelRelease;
import java.nio.ByteBuffer;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.TreeMap;

/**
 * Writes rows of the captured tables from the values CDC published: every field of {@link Instrument} and
 * {@link ModelRelease} is a column (snake_case), so a row comes back exactly as it was, {@code updated_at} included
 * (an insert, so the update trigger does not restamp it).
 */
final class Rows {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Connection connection;

    Rows(Connection connection) {
        this.connection = connection;
    }

    void deleteInstrument(String symbol) throws SQLException {
        try (PreparedStatement delete = connection.prepareStatement("DELETE FROM instruments WHERE symbol = ?")) {
            delete.setString(1, symbol);
            delete.executeUpdate();
        }
    }

    void insert(Instrument instrument) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO instruments (symbol, venue, "
                + "tick_size, currency, status, lot_size, description, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
            insert.setString(1, instrument.getSymbol());
            insert.setString(2, instrument.getVenue());
            insert.setDouble(3, instrument.getTickSize());
            insert.setString(4, instrument.getCurrency());
            insert.setString(5, instrument.getStatus().name());
            insert.setDouble(6, instrument.getLotSize());
            insert.setString(7, instrument.getDescription());
            insert.setObject(8, time(instrument.getUpdatedAtMicros()));
            insert.executeUpdate();
        }
    }

    void deleteRelease(String modelId, int version) throws SQLException {
        try (PreparedStatement delete = connection.prepareStatement(
                "DELETE FROM model_releases WHERE model_id = ? AND version = ?")) {
            delete.setString(1, modelId);
            delete.setInt(2, version);
            delete.executeUpdate();
        }
    }

    void insert(ModelRelease release) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO model_releases (model_id, version, "
                + "algorithm, features, horizon_ticks, model, digest, location, status, created_at, metrics) "
                + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb)")) {
            insert.setString(1, release.getModelId());
            insert.setInt(2, release.getVersion());
            insert.setString(3, release.getAlgorithm());
            insert.setArray(4, connection.createArrayOf("text", release.getFeatures().toArray()));
            insert.setInt(5, release.getHorizonTicks());
            insert.setBytes(6, bytes(release.getModel()));
            insert.setString(7, release.getDigest());
            insert.setString(8, release.getLocation());
            insert.setString(9, release.getStatus().name());
            insert.setObject(10, time(release.getCreatedAtMicros()));
            insert.setString(11, metrics(release.getMetrics()));
            insert.executeUpdate();
        }
    }

    private static OffsetDateTime time(long micros) {
        return OffsetDateTime.ofInstant(Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000L),
                Math.floorMod(micros, 1_000_000L) * 1_000L), ZoneOffset.UTC);
    }

    private static byte[] bytes(ByteBuffer buffer) {
        if (buffer == null) {
            return null;
        }
        byte[] copy = new byte[buffer.remaining()];
        buffer.duplicate().get(copy);
        return copy;
    }

    private static String metrics(Map<String, Double> metrics) {
        try {
            return JSON.writeValueAsString(new TreeMap<>(metrics));
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("Unwritable metrics " + metrics, e);
        }
    }
}
