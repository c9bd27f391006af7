package io.atlas.ops;

import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EnvConfigTest {

    private static final ConfigDef DEFINITION = OpsServer.define(KafkaConnection.define(new ConfigDef()));

    private static final class ExampleConfig extends EnvConfig {
        ExampleConfig(Map<String, String> env) {
            super(DEFINITION, env);
        }
    }

    @Test
    void shouldReadDeclaredVariablesAndIgnoreTheRest() {
        ExampleConfig config = new ExampleConfig(Map.of(KafkaConnection.BOOTSTRAP, "127.0.0.1:9092",
                OpsServer.PORT, "9404", "HOME", "/root"));

        assertThat(config.getInt(OpsServer.PORT)).isEqualTo(9404);
        assertThat(KafkaConnection.clientSettings(config))
                .containsExactly(Map.entry(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:9092"));
    }

    @Test
    void shouldRequireTheBootstrapServers() {
        assertThatThrownBy(() -> new ExampleConfig(Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining(KafkaConnection.BOOTSTRAP);
    }

    @Test
    void shouldRejectEmptyBootstrapServers() {
        assertThatThrownBy(() -> new ExampleConfig(Map.of(KafkaConnection.BOOTSTRAP, " ")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining(KafkaConnection.BOOTSTRAP);
    }

    @Test
    void shouldRejectAnUnreadableClientConfigFile(@TempDir Path dir) {
        String missing = dir.resolve("absent.properties").toString();

        assertThatThrownBy(() -> new ExampleConfig(Map.of(KafkaConnection.BOOTSTRAP, "k:9092",
                KafkaConnection.CLIENT_CONFIG, missing)))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining(KafkaConnection.CLIENT_CONFIG)
                .hasMessageContaining(missing);
    }

    @Test
    void shouldRejectAPortOutOfRange() {
        assertThatThrownBy(() -> new ExampleConfig(Map.of(KafkaConnection.BOOTSTRAP, "k:9092", OpsServer.PORT, "-1")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining(OpsServer.PORT);
    }

    @Test
    void shouldMergeTheClientConfigFileUnderTheBootstrapServers(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("client.properties");
        Files.writeString(file, "security.protocol=SSL\nbootstrap.servers=ignored:1\n");

        ExampleConfig config = new ExampleConfig(Map.of(KafkaConnection.BOOTSTRAP, "broker:9093",
                KafkaConnection.CLIENT_CONFIG, file.toString()));

        assertThat(KafkaConnection.clientSettings(config))
                .containsEntry("security.protocol", "SSL")
                .containsEntry(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, "broker:9093");
    }

    @Test
    void shouldRenderEveryVariableWithItsDefaultInTheTable() {
        String table = EnvConfig.markdownTable(DEFINITION);

        assertThat(table).contains("| `ATLAS_KAFKA_BOOTSTRAP` | (required) |")
                .contains("| `ATLAS_HTTP_PORT` | `8080` |")
                .contains("| `ATLAS_KAFKA_CLIENT_CONFIG` | (empty) |");
    }
}
