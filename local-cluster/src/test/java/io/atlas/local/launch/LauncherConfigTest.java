package io.atlas.local.launch;

import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LauncherConfigTest {

    private static final Path HOME = Path.of("/opt/atlas");

    @Test
    void shouldStartItsOwnBrokerByDefault() {
        LauncherConfig config = new LauncherConfig(Map.of(), HOME);

        assertThat(config.externalBootstrap()).isEmpty();
        assertThat(config.kafkaPort()).isZero();
        assertThat(config.kafkaHeap()).isEqualTo("256m");
        assertThat(config.runDir()).isEqualTo(HOME.resolve(".run"));
        assertThat(config.startTimeout()).isEqualTo(Duration.ofSeconds(120));
        assertThat(config.clientProperties()).isEmpty();
    }

    @Test
    void shouldReadAnExternalClusterAndItsClientSettings(@TempDir Path dir) throws IOException {
        Path clientConfig = dir.resolve("client.properties");
        Files.writeString(clientConfig, "security.protocol=SASL_SSL\nsasl.mechanism=SCRAM-SHA-512\n");

        LauncherConfig config = new LauncherConfig(Map.of(
                LauncherConfig.KAFKA_BOOTSTRAP, " kafka-0.example:9093 ",
                LauncherConfig.KAFKA_CLIENT_CONFIG, clientConfig.toString(),
                LauncherConfig.RUN_DIR, dir.toString()), HOME);

        assertThat(config.externalBootstrap()).isEqualTo("kafka-0.example:9093");
        assertThat(config.clientProperties())
                .containsEntry("security.protocol", "SASL_SSL")
                .containsEntry("sasl.mechanism", "SCRAM-SHA-512");
        assertThat(config.runDir()).isEqualTo(dir);
    }

    @Test
    void shouldIgnoreUnrelatedEnvironmentVariables() {
        LauncherConfig config = new LauncherConfig(Map.of("PATH", "/usr/bin", "ATLAS_SOMETHING_ELSE", "x"), HOME);

        assertThat(config.kafkaPort()).isZero();
    }

    @Test
    void shouldRejectAPortOutOfRange() {
        assertThatThrownBy(() -> new LauncherConfig(Map.of(LauncherConfig.KAFKA_PORT, "70000"), HOME))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining(LauncherConfig.KAFKA_PORT);
    }

    @Test
    void shouldRejectAPortThatIsNotANumber() {
        assertThatThrownBy(() -> new LauncherConfig(Map.of(LauncherConfig.KAFKA_PORT, "ninety"), HOME))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining(LauncherConfig.KAFKA_PORT);
    }

    @Test
    void shouldRejectAHeapSizeJavaWouldNotTake() {
        assertThatThrownBy(() -> new LauncherConfig(Map.of(LauncherConfig.KAFKA_HEAP, "256 MB"), HOME))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining(LauncherConfig.KAFKA_HEAP);
    }

    @Test
    void shouldRejectAClientConfigFileThatDoesNotExist(@TempDir Path dir) {
        String missing = dir.resolve("missing.properties").toString();

        assertThatThrownBy(() -> new LauncherConfig(Map.of(LauncherConfig.KAFKA_CLIENT_CONFIG, missing), HOME))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining(LauncherConfig.KAFKA_CLIENT_CONFIG)
                .hasMessageContaining(missing);
    }

    @Test
    void shouldRejectAZeroStartTimeout() {
        assertThatThrownBy(() -> new LauncherConfig(Map.of(LauncherConfig.START_TIMEOUT_SECONDS, "0"), HOME))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining(LauncherConfig.START_TIMEOUT_SECONDS);
    }

    @Test
    void shouldDocumentEveryVariableInTheReadmeTable() {
        String table = LauncherConfig.markdownTable();

        assertThat(LauncherConfig.CONFIG.names()).allSatisfy(name -> assertThat(table).contains("`" + name + "`"));
    }
}
