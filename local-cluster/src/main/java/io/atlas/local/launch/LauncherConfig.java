package io.atlas.local.launch;

import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigException;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;

/**
 * The launcher's settings, read from environment variables. Each key is the variable's own name, so that a bad
 * value fails at start with a message naming exactly what the user set.
 */
public final class LauncherConfig extends AbstractConfig {

    public static final String KAFKA_BOOTSTRAP = "ATLAS_KAFKA_BOOTSTRAP";
    public static final String KAFKA_CLIENT_CONFIG = "ATLAS_KAFKA_CLIENT_CONFIG";
    public static final String KAFKA_PORT = "ATLAS_KAFKA_PORT";
    public static final String KAFKA_HEAP = "ATLAS_KAFKA_HEAP";
    public static final String RUN_DIR = "ATLAS_RUN_DIR";
    public static final String START_TIMEOUT_SECONDS = "ATLAS_START_TIMEOUT_SECONDS";

    static final ConfigDef CONFIG = new ConfigDef()
            .define(KAFKA_BOOTSTRAP, Type.STRING, "", Importance.HIGH,
                    "bootstrap.servers of an existing Kafka cluster. Empty: start a local single-node KRaft broker.")
            .define(KAFKA_CLIENT_CONFIG, Type.STRING, "", new ReadableFileOrEmpty(), Importance.MEDIUM,
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
        super(CONFIG, relevant(env), false);
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
        String file = getString(KAFKA_CLIENT_CONFIG);
        Map<String, Object> settings = new HashMap<>();
        if (!file.isBlank()) {
            Properties properties = new Properties();
            try (Reader reader = Files.newBufferedReader(Path.of(file))) {
                properties.load(reader);
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot read " + KAFKA_CLIENT_CONFIG + "=" + file, e);
            }
            properties.forEach((key, value) -> settings.put(key.toString(), value));
        }
        return settings;
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
        StringBuilder table = new StringBuilder("| variable | default | meaning |\n|---|---|---|\n");
        for (ConfigDef.ConfigKey key : CONFIG.configKeys().values()) {
            Object value = key.defaultValue;
            table.append("| `").append(key.name).append("` | ")
                    .append(value == null || value.toString().isEmpty() ? "(empty)" : "`" + value + "`")
                    .append(" | ").append(key.documentation).append(" |\n");
        }
        return table.toString();
    }

    private static Map<String, String> relevant(Map<String, String> env) {
        Map<String, String> settings = new HashMap<>();
        for (String name : CONFIG.names()) {
            String value = env.get(name);
            if (value != null) {
                settings.put(name, value);
            }
        }
        return settings;
    }

    private static final class ReadableFileOrEmpty implements ConfigDef.Validator {
        @Override
        public void ensureValid(String name, Object value) {
            String file = value == null ? "" : value.toString();
            if (!file.isBlank() && !Files.isReadable(Path.of(file))) {
                throw new ConfigException(name, value, "no readable file at this path");
            }
        }

        @Override
        public String toString() {
            return "a readable file, or empty";
        }
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
