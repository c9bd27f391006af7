package io.atlas.ingest.cdc;

import io.atlas.ops.EnvConfig;
import io.atlas.ops.KafkaConnection;
import io.atlas.ops.OpsServer;
import java.time.Duration;
import java.util.Map;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Range;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigException;

/** The CDC process's settings, from environment variables; a bad value fails at start naming the variable. */
public final class CdcConfig extends EnvConfig {

    public static final String PG_URL = "ATLAS_PG_URL";
    public static final String PG_USER = "ATLAS_PG_USER";
    public static final String PG_PASSWORD = "ATLAS_PG_PASSWORD";
    public static final String PG_SCHEMA = "ATLAS_PG_SCHEMA";
    public static final String PG_EMBEDDED = "ATLAS_PG_EMBEDDED";
    public static final String PG_EMBEDDED_DIR = "ATLAS_PG_EMBEDDED_DIR";
    public static final String PG_EMBEDDED_PORT = "ATLAS_PG_EMBEDDED_PORT";
    public static final String SEED_INSTRUMENTS = "ATLAS_CDC_SEED_INSTRUMENTS";
    public static final String NAME = "ATLAS_CDC_NAME";
    public static final String SLOT = "ATLAS_CDC_SLOT";
    public static final String PUBLICATION = "ATLAS_CDC_PUBLICATION";
    public static final String POLL_INTERVAL_MS = "ATLAS_CDC_POLL_INTERVAL_MS";
    public static final String OFFSET_FLUSH_MS = "ATLAS_CDC_OFFSET_FLUSH_MS";
    public static final String OFFSETS_REPLICATION_FACTOR = "ATLAS_CDC_OFFSETS_REPLICATION_FACTOR";

    /** The replication slot Debezium reads, unless {@value #SLOT} says otherwise. */
    public static final String DEFAULT_SLOT = "atlas_cdc";
    /** The publication the migrations create for the two tables, unless {@value #PUBLICATION} says otherwise. */
    public static final String DEFAULT_PUBLICATION = "atlas_cdc";
    public static final String DEFAULT_PG_URL = "jdbc:postgresql://127.0.0.1:5432/atlas";

    private static final ConfigDef.Validator SQL_NAME = (name, value) -> {
        if (value == null || !value.toString().matches("[a-z_][a-z0-9_]{0,62}")) {
            throw new ConfigException(name, value, "must be a lower-case SQL identifier ([a-z_][a-z0-9_]*)");
        }
    };

    /** Declares the PostgreSQL connection variables, shared by the CDC process and the admin commands. */
    public static ConfigDef definePostgres(ConfigDef definition) {
        return definition
                .define(PG_URL, Type.STRING, DEFAULT_PG_URL, Importance.HIGH,
                        "JDBC URL of the PostgreSQL database holding the instruments and model_releases tables "
                                + "(ignored by cdc when " + PG_EMBEDDED + "=true).")
                .define(PG_USER, Type.STRING, "atlas", Importance.HIGH,
                        "PostgreSQL role: LOGIN REPLICATION, owner of the tables (it runs the migrations).")
                .define(PG_PASSWORD, Type.PASSWORD, "atlas", Importance.HIGH, "Password of " + PG_USER + ".")
                .define(PG_SCHEMA, Type.STRING, "public", SQL_NAME, Importance.MEDIUM,
                        "Schema of the tables; the migrations create it when missing.");
    }

    public static final ConfigDef DEFINITION = definePostgres(OpsServer.define(KafkaConnection.define(new ConfigDef())))
            .define(PG_EMBEDDED, Type.BOOLEAN, false, Importance.MEDIUM,
                    "Start an embedded PostgreSQL (wal_level=logical) instead of connecting to " + PG_URL
                            + ": for the local run. It serves database atlas to the role " + PG_USER + " (password "
                            + PG_PASSWORD + "), so only the URL differs from a real server.")
            .define(PG_EMBEDDED_DIR, Type.STRING, "", Importance.LOW,
                    "Data directory of the embedded PostgreSQL (empty: a temporary directory, deleted at exit).")
            .define(PG_EMBEDDED_PORT, Type.INT, 0, Range.between(0, 65_535), Importance.LOW,
                    "Port of the embedded PostgreSQL on 127.0.0.1 (0: a free port; the local run picks one and "
                            + "records jdbc:postgresql://127.0.0.1:PORT/atlas in .run/postgres).")
            .define(SEED_INSTRUMENTS, Type.INT, 0, Range.between(0, 9_999), Importance.MEDIUM,
                    "When the instruments table is empty, insert the first N instruments of the simulator "
                            + "(0: none; the local run uses 500).")
            .define(NAME, Type.STRING, "atlas-cdc", Importance.LOW,
                    "Debezium engine name and topic.prefix: the key of its offsets in atlas.cdc.offsets.")
            .define(SLOT, Type.STRING, DEFAULT_SLOT, SQL_NAME, Importance.MEDIUM,
                    "Logical replication slot Debezium creates and reads (pgoutput).")
            .define(PUBLICATION, Type.STRING, DEFAULT_PUBLICATION, SQL_NAME, Importance.MEDIUM,
                    "Publication of the two tables, created by the migrations.")
            .define(POLL_INTERVAL_MS, Type.LONG, 10L, Range.between(1, 60_000), Importance.MEDIUM,
                    "Debezium poll.interval.ms: how long the engine waits for new changes; it bounds the "
                            + "commit-to-topic latency and costs idle CPU.")
            .define(OFFSET_FLUSH_MS, Type.LONG, 1_000L, Range.between(0, 600_000), Importance.LOW,
                    "How often Debezium writes its offsets to atlas.cdc.offsets and confirms the slot position; "
                            + "a crash re-sends at most this much (duplicates, never losses).")
            .define(OFFSETS_REPLICATION_FACTOR, Type.SHORT, (short) 1, Range.between(1, 5), Importance.MEDIUM,
                    "Replication factor of atlas.cdc.offsets if Debezium has to create it (3 in production).");

    public CdcConfig(Map<String, String> env) {
        super(DEFINITION, env);
    }

    public int httpPort() {
        return getInt(OpsServer.PORT);
    }

    public String pgUrl() {
        return getString(PG_URL);
    }

    public String pgUser() {
        return getString(PG_USER);
    }

    public String pgPassword() {
        return getPassword(PG_PASSWORD).value();
    }

    public String schema() {
        return getString(PG_SCHEMA);
    }

    public boolean embedded() {
        return getBoolean(PG_EMBEDDED);
    }

    public String embeddedDir() {
        return getString(PG_EMBEDDED_DIR);
    }

    public int embeddedPort() {
        return getInt(PG_EMBEDDED_PORT);
    }

    public int seedInstruments() {
        return getInt(SEED_INSTRUMENTS);
    }

    public String name() {
        return getString(NAME);
    }

    public String slot() {
        return getString(SLOT);
    }

    public String publication() {
        return getString(PUBLICATION);
    }

    public Duration pollInterval() {
        return Duration.ofMillis(getLong(POLL_INTERVAL_MS));
    }

    public Duration offsetFlushInterval() {
        return Duration.ofMillis(getLong(OFFSET_FLUSH_MS));
    }

    public short offsetsReplicationFactor() {
        return getShort(OFFSETS_REPLICATION_FACTOR);
    }
}
