package io.atlas.local.launch;

import io.atlas.ops.EnvConfig;
import io.atlas.ops.KafkaConnection;

import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigException;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * The launcher's settings, read from environment variables. Each key is the variable's own name, so that a bad
 * value fails at start with a message naming exactly what the user set.
 */
public final class LauncherConfig extends EnvConfig {

    public static final String KAFKA_BOOTSTRAP = KafkaConnection.BOOTSTRAP;
    public static final String KAFKA_CLIENT_CONFIG = KafkaConnection.CLIENT_CONFIG;
    public static final String KAFKA_PORT = "ATLAS_KAFKA_PORT";
    public static final String KAFKA_HEAP = "ATLAS_KAFKA_HEAP";
    public static final String RUN_DIR = "ATLAS_RUN_DIR";
    public static final String START_TIMEOUT_SECONDS = "ATLAS_START_TIMEOUT_SECONDS";

    static final ConfigDef CONFIG = new ConfigDef()
            .define(KAFKA_BOOTSTRAP, Type.STRING, "", Importance.HIGH,
                    "bootstrap.servers of an existing Kafka cluster. Empty: start a local single-node KRaft broker.")
            .define(KAFKA_CLIENT_CONFIG, Type.STRING, "", new KafkaConnection.ReadableFileOrEmpty(), Importance.MEDIUM,
                    "A Kafka client properties file (security.protocol, sasl.*, ssl.*) for an existing cluster; "
                            + "passed to every service.")
            .define(KAFKA_PORT, Type.INT, 0, ConfigDef.Range.between(0, 65535), Importance.LOW,
                    "Port of the local broker. 0 picks a free port.")
            .define(KAFKA_HEAP, Type.STRING, "256m", new HeapSize(), Importance.LOW,
                    "Heap of the local broker JVM, as for -Xmx (e.g. 256m, 1g).")
            .define(RUN_DIR, Type.STRING, "", Importance.LOW,
                    "Folder for this run's broker data, logs and state. Empty: .run in the Atlas checkout.")
            .define(START_TIMEOUT_SECONDS, Type.INT, 120, ConfigDef.Range.between(1, 3600), Importance.LOW,
                    "How long to wait for the broker and each service to report ready.");

    private final Path home;

    LauncherConfig(Map<String, String> env, Path home) {
        super(CONFIG, env);
        this.home = home;
    }

    public static LauncherConfig fromEnvironment(Path home) {
        return new LauncherConfig(System.getenv(), home);
    }

    /** An external cluster's address, or empty when the launcher starts its own broker. */
    public String externalBootstrap() {
        return getString(KAFKA_BOOTSTRAP).trim();
    }

    /** Client settings for an external cluster, from {@value #KAFKA_CLIENT_CONFIG}; empty for the local broker. */
    public Map<String, Object> clientProperties() {
        return KafkaConnection.readProperties(getString(KAFKA_CLIENT_CONFIG));
    }

    public String clientConfigFile() {
        return getString(KAFKA_CLIENT_CONFIG);
    }

    public int kafkaPort() {
        return getInt(KAFKA_PORT);
    }

    public String kafkaHeap() {
        return getString(KAFKA_HEAP);
    }

    public Path runDir() {
        String dir = getString(RUN_DIR);
        return dir.isBlank() ? home.resolve(".run") : Path.of(dir);
    }

    public Path home() {
        return home;
    }

    public Duration startTimeout() {
        return Duration.ofSeconds(getInt(START_TIMEOUT_SECONDS));
    }

    /** The configuration table of README.md, generated from the definitions so the two cannot disagree. */
    public static String markdownTable() {
        return EnvConfig.markdownTable(CONFIG);
    }

    private static final class HeapSize implements ConfigDef.Validator {
        @Override
        public void ensureValid(String name, Object value) {
            if (value == null || !value.toString().matches("[1-9][0-9]*[kKmMgG]?")) {
                throw new ConfigException(name, value, "a heap size as for -Xmx, e.g. 256m or 1g");
            }
        }

        @Override
        public String toString() {
            return "a heap size such as 256m";
        }
    }
}
