package io.atlas.connect.sink;

import io.atlas.catalog.Topics;
import io.atlas.ops.EnvConfig;
import io.atlas.ops.KafkaConnection;
import io.atlas.ops.OpsServer;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.regex.Pattern;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigException;

/** The analytics sink's settings, from environment variables (see {@link EnvConfig}). */
public final class SinkConfig extends EnvConfig {

    public static final String JDBC_URL = "ATLAS_SINK_JDBC_URL";
    public static final String JDBC_USER = "ATLAS_SINK_JDBC_USER";
    public static final String JDBC_PASSWORD = "ATLAS_SINK_JDBC_PASSWORD";
    public static final String DB_SCHEMA = "ATLAS_SINK_DB_SCHEMA";
    public static final String NAME = "ATLAS_SINK_NAME";
    public static final String PREDICTIONS_TOPIC = "ATLAS_SINK_PREDICTIONS_TOPIC";
    public static final String OUTCOMES_TOPIC = "ATLAS_SINK_OUTCOMES_TOPIC";
    public static final String PLUGIN_PATH = "ATLAS_SINK_PLUGIN_PATH";
    public static final String COMMIT_INTERVAL_MS = "ATLAS_SINK_COMMIT_INTERVAL_MS";

    static final String DEFAULT_JDBC_URL = "jdbc:postgresql://127.0.0.1:5432/atlas";

    private static final Pattern SQL_NAME = Pattern.compile("[a-z_][a-z0-9_]{0,62}");
    private static final Pattern CONNECTOR_NAME = Pattern.compile("[A-Za-z0-9._-]{1,100}");

    static final ConfigDef CONFIG_DEF = OpsServer.define(KafkaConnection.define(new ConfigDef()))
            .define(JDBC_URL, Type.STRING, DEFAULT_JDBC_URL, new ConfigDef.NonEmptyString(), Importance.HIGH,
                    "JDBC URL of the PostgreSQL database the tables are written to.")
            .define(JDBC_USER, Type.STRING, "atlas", Importance.HIGH, "Database role the sink writes as.")
            .define(JDBC_PASSWORD, Type.PASSWORD, "atlas", Importance.HIGH, "Password of that role (default: atlas, as ./atlas test creates the role).")
            .define(DB_SCHEMA, Type.STRING, "analytics", matching(SQL_NAME), Importance.HIGH,
                    "Database schema of the tables `predictions` and `prediction_outcomes`; created when missing.")
            .define(NAME, Type.STRING, "atlas-analytics", matching(CONNECTOR_NAME), Importance.MEDIUM,
                    "Prefix of the two connectors' names (`<name>-predictions`, `<name>-prediction-outcomes`); "
                            + "their consumer groups are `connect-<connector>`.")
            .define(PREDICTIONS_TOPIC, Type.STRING, Topics.PREDICTIONS.name(), new ConfigDef.NonEmptyString(),
                    Importance.LOW, "Topic the predictions are read from (Prediction values).")
            .define(OUTCOMES_TOPIC, Type.STRING, Topics.PREDICTION_OUTCOMES.name(), new ConfigDef.NonEmptyString(),
                    Importance.LOW, "Topic the outcomes are read from (PredictionOutcome values).")
            .define(PLUGIN_PATH, Type.STRING, "", Importance.LOW,
                    "The worker's plugin.path, holding the JDBC sink connector. Empty: `plugins` beside this module's "
                            + "classes, where the build unpacks it (connect/target/plugins).")
            .define(COMMIT_INTERVAL_MS, Type.LONG, 10_000L, ConfigDef.Range.between(100, 3_600_000),
                    Importance.LOW, "How often the sink commits its consumer offsets (offset.flush.interval.ms). "
                            + "Records after the last commit are written again after a crash: harmless, the "
                            + "writes are upserts.");

    public SinkConfig(Map<String, String> env) {
        super(CONFIG_DEF, env);
        if (!Files.isDirectory(pluginPath())) {
            throw new ConfigException(PLUGIN_PATH, pluginPath().toString(), "no such folder; build the connect "
                    + "module first (mvn -pl connect package), which unpacks the JDBC sink there");
        }
    }

    public String jdbcUrl() {
        return getString(JDBC_URL);
    }

    public String jdbcUser() {
        return getString(JDBC_USER);
    }

    public String jdbcPassword() {
        return getPassword(JDBC_PASSWORD).value();
    }

    public String dbSchema() {
        return getString(DB_SCHEMA);
    }

    public String name() {
        return getString(NAME);
    }

    public String predictionsTopic() {
        return getString(PREDICTIONS_TOPIC);
    }

    public String outcomesTopic() {
        return getString(OUTCOMES_TOPIC);
    }

    public long commitIntervalMs() {
        return getLong(COMMIT_INTERVAL_MS);
    }

    public int httpPort() {
        return getInt(OpsServer.PORT);
    }

    /** The configured plugin path, or the folder the build unpacks the connector into. */
    public Path pluginPath() {
        String configured = getString(PLUGIN_PATH);
        return configured.isBlank() ? builtPlugins() : Path.of(configured).toAbsolutePath();
    }

    /** The variables as a Markdown table, for README.md. */
    public static String markdownTable() {
        return EnvConfig.markdownTable(CONFIG_DEF);
    }

    // The build writes target/classes (or the jar) and target/plugins side by side.
    private static Path builtPlugins() {
        try {
            Path code = Path.of(SinkConfig.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            return code.getParent().resolve("plugins");
        } catch (URISyntaxException e) {
            throw new IllegalStateException("Cannot locate the connect module's classes", e);
        }
    }

    private static ConfigDef.Validator matching(Pattern pattern) {
        return new ConfigDef.Validator() {
            @Override
            public void ensureValid(String name, Object value) {
                if (value == null || !pattern.matcher(value.toString()).matches()) {
                    throw new ConfigException(name, value, "must match " + pattern);
                }
            }

            @Override
            public String toString() {
                return "matching " + pattern;
            }
        };
    }
}
