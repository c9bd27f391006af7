package io.atlas.connect.sink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.atlas.ops.EnvConfig;
import io.atlas.ops.KafkaConnection;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SinkConfigTest {

    @TempDir
    Path plugins;

    @Test
    void shouldDocumentEveryVariableInTheReadme() throws Exception {
        assertThat(Files.readString(Path.of("README.md"))).contains(EnvConfig.markdownTable(SinkConfig.CONFIG_DEF));
    }

    @Test
    void shouldDefaultToTheLocalDatabaseAndTheCatalogTopics() {
        SinkConfig config = new SinkConfig(env(Map.of()));

        assertThat(config.jdbcUrl()).isEqualTo("jdbc:postgresql://127.0.0.1:5432/atlas");
        assertThat(config.dbSchema()).isEqualTo("analytics");
        assertThat(config.predictionsTopic()).isEqualTo("atlas.predictions");
        assertThat(config.outcomesTopic()).isEqualTo("atlas.prediction-outcomes");
        assertThat(config.pluginPath()).isEqualTo(plugins.toAbsolutePath());
    }

    @Test
    void shouldRequireTheBootstrapServers() {
        Map<String, String> env = env(Map.of());
        env.remove(KafkaConnection.BOOTSTRAP);

        assertThatThrownBy(() -> new SinkConfig(env)).isInstanceOf(ConfigException.class)
                .hasMessageContaining(KafkaConnection.BOOTSTRAP);
    }

    @Test
    void shouldRefuseASchemaNameThatIsNotAPlainSqlName() {
        assertThatThrownBy(() -> new SinkConfig(env(Map.of(SinkConfig.DB_SCHEMA, "analytics; DROP TABLE x"))))
                .isInstanceOf(ConfigException.class).hasMessageContaining(SinkConfig.DB_SCHEMA);
    }

    @Test
    void shouldRefuseAConnectorNameWithSpaces() {
        assertThatThrownBy(() -> new SinkConfig(env(Map.of(SinkConfig.NAME, "my sink"))))
                .isInstanceOf(ConfigException.class).hasMessageContaining(SinkConfig.NAME);
    }

    @Test
    void shouldRefuseAMissingPluginFolder() {
        assertThatThrownBy(() -> new SinkConfig(env(Map.of(SinkConfig.PLUGIN_PATH,
                plugins.resolve("absent").toString()))))
                .isInstanceOf(ConfigException.class).hasMessageContaining(SinkConfig.PLUGIN_PATH);
    }

    @Test
    void shouldRefuseATinyCommitInterval() {
        assertThatThrownBy(() -> new SinkConfig(env(Map.of(SinkConfig.COMMIT_INTERVAL_MS, "5"))))
                .isInstanceOf(ConfigException.class).hasMessageContaining(SinkConfig.COMMIT_INTERVAL_MS);
    }

    private Map<String, String> env(Map<String, String> overrides) {
        Map<String, String> env = new HashMap<>();
        env.put(KafkaConnection.BOOTSTRAP, "127.0.0.1:9092");
        env.put(SinkConfig.PLUGIN_PATH, plugins.toString());
        env.putAll(overrides);
        return env;
    }
}
