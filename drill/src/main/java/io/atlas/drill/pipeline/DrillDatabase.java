package io.atlas.drill.pipeline;

import io.atlas.ingest.cdc.CdcConfig;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The drill's own corner of the shared PostgreSQL: a schema, publication and replication slots named after the run,
 * so drills and tests can run side by side. CDC's migrations create the schema, its tables and the publication; at
 * the end {@link #drop()} removes them with the slots (a slot left behind would keep WAL forever).
 *
 * @param url      JDBC URL of the database
 * @param user     a role that may stream changes (LOGIN REPLICATION) and own the tables
 * @param password its password
 * @param name     the schema's and publication's name, and the stem of the slots' names
 */
public record DrillDatabase(String url, String user, String password, String name) {

    public static final String DEFAULT_URL = CdcConfig.DEFAULT_PG_URL;

    /** A database corner for run {@code runId} (letters and digits) on the local PostgreSQL, role atlas/atlas. */
    public static DrillDatabase local(String runId) {
        return new DrillDatabase(DEFAULT_URL, "atlas", "atlas", "drill_" + runId.toLowerCase(Locale.ROOT));
    }

    /** The replication slot of CDC in one region ({@code primary}, {@code dr}): each region has its own. */
    public String slot(String region) {
        return name + "_" + region;
    }

    /** CDC's settings for {@code region}: this database, schema, publication and that region's slot. */
    public Map<String, String> cdcEnv(String region) {
        Map<String, String> env = new HashMap<>();
        env.put(CdcConfig.PG_URL, url);
        env.put(CdcConfig.PG_USER, user);
        env.put(CdcConfig.PG_PASSWORD, password);
        env.put(CdcConfig.PG_SCHEMA, name);
        env.put(CdcConfig.PUBLICATION, name);
        env.put(CdcConfig.SLOT, slot(region));
        env.put(CdcConfig.NAME, "atlas-cdc-" + region);
        return env;
    }

    public Connection connect() throws SQLException {
        return DriverManager.getConnection(url, user, password);
    }

    /** Drops the slots of {@code regions} (CDC must be stopped), the publication and the schema, if they exist. */
    public void drop(List<String> regions) throws SQLException {
        try (Connection connection = connect(); Statement statement = connection.createStatement()) {
            for (String region : regions) {
                statement.execute("SELECT pg_drop_replication_slot(slot_name) FROM pg_replication_slots "
                        + "WHERE slot_name = '" + slot(region) + "' AND NOT active");
            }
            statement.execute("DROP PUBLICATION IF EXISTS " + name);
            statement.execute("DROP SCHEMA IF EXISTS " + name + " CASCADE");
        }
    }
}
