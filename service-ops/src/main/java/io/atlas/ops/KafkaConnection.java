package io.atlas.ops;

import org.apache.kafka.clients.CommonClientConfigs;
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
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;

/**
 * How every Atlas process reaches Kafka: the bootstrap servers and, for a secured cluster, a Kafka client properties
 * file (TLS, SASL). The launcher hands both to each service it starts; in Kubernetes they come from the Deployment.
 */
public final class KafkaConnection {

    public static final String BOOTSTRAP = "ATLAS_KAFKA_BOOTSTRAP";
    public static final String CLIENT_CONFIG = "ATLAS_KAFKA_CLIENT_CONFIG";

    private KafkaConnection() {
    }

    /** Declares both variables on {@code definition}; a service requires the bootstrap servers. */
    public static ConfigDef define(ConfigDef definition) {
        return definition
                .define(BOOTSTRAP, Type.STRING, ConfigDef.NO_DEFAULT_VALUE, new ConfigDef.NonEmptyString(),
                        Importance.HIGH, "bootstrap.servers of the Kafka cluster.")
                .define(CLIENT_CONFIG, Type.STRING, "", new ReadableFileOrEmpty(), Importance.MEDIUM,
                        "A Kafka client properties file (security.protocol, sasl.*, ssl.*) applied to every client.");
    }

    /** Client settings for producers, consumers, admin clients and Streams: the file's, then the bootstrap servers. */
    public static Map<String, Object> clientSettings(AbstractConfig config) {
        Map<String, Object> settings = new HashMap<>(readProperties(config.getString(CLIENT_CONFIG)));
        settings.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, config.getString(BOOTSTRAP).trim());
        return settings;
    }

    /** The entries of a Kafka client properties file; nothing when {@code file} is empty. */
    public static Map<String, Object> readProperties(String file) {
        Map<String, Object> settings = new HashMap<>();
        if (file == null || file.isBlank()) {
            return settings;
        }
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(Path.of(file))) {
            properties.load(reader);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + CLIENT_CONFIG + "=" + file, e);
        }
        properties.forEach((key, value) -> settings.put(key.toString(), value));
        return settings;
    }

    /** Accepts an empty value or the path of a readable file. */
    public static final class ReadableFileOrEmpty implements ConfigDef.Validator {
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
}
