package io.atlas.ingest.cdc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Map;

/**
 * A schema, slot and publication of their own on the real PostgreSQL at 127.0.0.1:5432 (database atlas, role
 * atlas), so that test runs never collide; {@link #drop()} removes all three.
 */
public final class CdcTestDatabase {

    public final String name;
    public final PgTarget target;

    public CdcTestDatabase(String prefix) {
        this.name = prefix + "_" + Long.toString(System.nanoTime() % 100_000_000L, 36);
        this.target = PgTarget.of(CdcConfig.DEFAULT_PG_URL, "atlas", "atlas", name);
    }

    /** The CDC environment for this database (schema, slot, publication and engine name all {@link #name}). */
    public Map<String, String> env(String bootstrap, int httpPort) {
        Map<String, String> env = new HashMap<>();
        env.put("ATLAS_KAFKA_BOOTSTRAP", bootstrap);
        env.put("ATLAS_HTTP_PORT", Integer.toString(httpPort));
        env.put(CdcConfig.PG_SCHEMA, name);
        env.put(CdcConfig.SLOT, name);
        env.put(CdcConfig.PUBLICATION, name);
        env.put(CdcConfig.NAME, name);
        env.put(CdcConfig.OFFSET_FLUSH_MS, "0");
        return env;
    }

    public void execute(String sql, Object... params) throws SQLException {
        try (Connection connection = target.connect(); PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                statement.setObject(i + 1, params[i]);
            }
            statement.executeUpdate();
        }
    }

    public void drop() throws SQLException {
        try (Connection connection = target.connect(); Statement statement = connection.createStatement()) {
            statement.execute("SELECT pg_drop_replication_slot(slot_name) FROM pg_replication_slots "
                    + "WHERE slot_name = '" + name + "' AND NOT active");
            statement.execute("DROP PUBLICATION IF EXISTS " + name);
            statement.execute("DROP SCHEMA IF EXISTS " + name + " CASCADE");
        }
    }
}
