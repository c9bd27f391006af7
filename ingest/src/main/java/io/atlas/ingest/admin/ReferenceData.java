package io.atlas.ingest.admin;

import io.atlas.ingest.cdc.PgTarget;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Changes the captured tables the way operators do: halt or resume an instrument, publish, activate, retire or roll
 * back a model release. Each operation is one transaction, so CDC carries its changes to Kafka together and in
 * commit order; nothing here touches Kafka.
 */
public final class ReferenceData {

    /** One row of {@code instruments} as {@code list} shows it. */
    public record InstrumentRow(String symbol, String venue, String status, double tickSize, String currency) {
    }

    /** What {@code release publish} needs. */
    public record NewRelease(String modelId, Integer version, String algorithm, List<String> features,
                             int horizonTicks, byte[] model, Map<String, Double> metrics, boolean shadow) {
    }

    private final PgTarget target;

    public ReferenceData(PgTarget target) {
        this.target = target;
    }

    /** Sets an instrument's status; false when there is no such symbol. */
    public boolean setStatus(String symbol, String status) throws SQLException {
        try (Connection c = target.connect();
             PreparedStatement update = c.prepareStatement("UPDATE instruments SET status = ? WHERE symbol = ?")) {
            update.setString(1, status);
            update.setString(2, symbol);
            return update.executeUpdate() == 1;
        }
    }

    /** Instruments whose symbol starts with {@code prefix} (all for ""), by symbol. */
    public List<InstrumentRow> list(String prefix) throws SQLException {
        try (Connection c = target.connect(); PreparedStatement select = c.prepareStatement(
                "SELECT symbol, venue, status, tick_size, currency FROM instruments WHERE symbol LIKE ? "
                        + "ORDER BY symbol")) {
            select.setString(1, prefix.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%");
            List<InstrumentRow> rows = new ArrayList<>();
            try (ResultSet r = select.executeQuery()) {
                while (r.next()) {
                    rows.add(new InstrumentRow(r.getString(1), r.getString(2), r.getString(3), r.getDouble(4),
                            r.getString(5)));
                }
            }
            return rows;
        }
    }

    /**
     * Inserts a release: SHADOW, or ACTIVE retiring the model's current ACTIVE release in the same transaction.
     *
     * @return the version inserted (the next one when none is given)
     */
    public int publish(NewRelease release) throws SQLException {
        try (Connection c = target.connect()) {
            c.setAutoCommit(false);
            try {
                int version = release.version() != null ? release.version() : nextVersion(c, release.modelId());
                if (!release.shadow()) {
                    retireActive(c, release.modelId());
                }
                try (PreparedStatement insert = c.prepareStatement("INSERT INTO model_releases (model_id, version, "
                        + "algorithm, features, horizon_ticks, model, digest, status, metrics) "
                        + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb)")) {
                    Array features = c.createArrayOf("text", release.features().toArray());
                    insert.setString(1, release.modelId());
                    insert.setInt(2, version);
                    insert.setString(3, release.algorithm());
                    insert.setArray(4, features);
                    insert.setInt(5, release.horizonTicks());
                    insert.setBytes(6, release.model());
                    insert.setString(7, sha256(release.model()));
                    insert.setString(8, release.shadow() ? "SHADOW" : "ACTIVE");
                    insert.setString(9, json(release.metrics()));
                    insert.executeUpdate();
                }
                c.commit();
                return version;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        }
    }

    /** Makes a release ACTIVE, retiring the model's current ACTIVE one in the same transaction. */
    public void activate(String modelId, int version) throws SQLException {
        try (Connection c = target.connect()) {
            c.setAutoCommit(false);
            try {
                retireActive(c, modelId);
                setReleaseStatus(c, modelId, version, "ACTIVE");
                c.commit();
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        }
    }

    /** Makes a release RETIRED. */
    public void retire(String modelId, int version) throws SQLException {
        try (Connection c = target.connect()) {
            setReleaseStatus(c, modelId, version, "RETIRED");
        }
    }

    /**
     * Retires the ACTIVE release and activates the newest earlier version, in one transaction.
     *
     * @return the version now ACTIVE
     */
    public int rollback(String modelId) throws SQLException {
        try (Connection c = target.connect()) {
            c.setAutoCommit(false);
            try {
                Integer active = queryInt(c, "SELECT version FROM model_releases WHERE model_id = ? "
                        + "AND status = 'ACTIVE'", modelId);
                if (active == null) {
                    throw new IllegalStateException("model " + modelId + " has no ACTIVE release to roll back");
                }
                Integer previous = queryInt(c, "SELECT max(version) FROM model_releases WHERE model_id = ? "
                        + "AND version < " + active, modelId);
                if (previous == null) {
                    throw new IllegalStateException("model " + modelId + " has no release before v" + active);
                }
                setReleaseStatus(c, modelId, active, "RETIRED");
                setReleaseStatus(c, modelId, previous, "ACTIVE");
                c.commit();
                return previous;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        }
    }

    private static void retireActive(Connection c, String modelId) throws SQLException {
        try (PreparedStatement update = c.prepareStatement(
                "UPDATE model_releases SET status = 'RETIRED' WHERE model_id = ? AND status = 'ACTIVE'")) {
            update.setString(1, modelId);
            update.executeUpdate();
        }
    }

    private static void setReleaseStatus(Connection c, String modelId, int version, String status)
            throws SQLException {
        try (PreparedStatement update = c.prepareStatement(
                "UPDATE model_releases SET status = ? WHERE model_id = ? AND version = ?")) {
            update.setString(1, status);
            update.setString(2, modelId);
            update.setInt(3, version);
            if (update.executeUpdate() != 1) {
                throw new IllegalArgumentException("no release " + modelId + " v" + version);
            }
        }
    }

    private static int nextVersion(Connection c, String modelId) throws SQLException {
        Integer max = queryInt(c, "SELECT max(version) FROM model_releases WHERE model_id = ?", modelId);
        return max == null ? 1 : max + 1;
    }

    private static Integer queryInt(Connection c, String sql, String param) throws SQLException {
        try (PreparedStatement select = c.prepareStatement(sql)) {
            select.setString(1, param);
            try (ResultSet r = select.executeQuery()) {
                if (!r.next()) {
                    return null;
                }
                int value = r.getInt(1);
                return r.wasNull() ? null : value;
            }
        }
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    private static String json(Map<String, Double> metrics) {
        return metrics.entrySet().stream()
                .map(e -> "\"" + e.getKey().replace("\\", "\\\\").replace("\"", "\\\"") + "\":" + e.getValue())
                .collect(Collectors.joining(",", "{", "}"));
    }
}
