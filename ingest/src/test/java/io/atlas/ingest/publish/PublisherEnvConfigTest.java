package io.atlas.ingest.publish;

import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PublisherEnvConfigTest {

    private static Map<String, String> env(String... keyValues) {
        Map<String, String> env = new HashMap<>(Map.of("ATLAS_KAFKA_BOOTSTRAP", "127.0.0.1:9092"));
        for (int i = 0; i < keyValues.length; i += 2) {
            env.put(keyValues[i], keyValues[i + 1]);
        }
        return env;
    }

    @Test
    void shouldBuildPublisherOptionsFromTheEnvironment() {
        PublisherOptions options = new PublisherEnvConfig(env(PublisherEnvConfig.COMPRESSION, "zstd",
                PublisherEnvConfig.LINGER_MS, "20", PublisherEnvConfig.MAX_WAIT_MS, "250"))
                .publisherOptions("test").build();
        assertThat(options.compression()).isEqualTo("zstd");
        assertThat(options.lingerMillis()).isEqualTo(20);
        assertThat(options.maxWait()).isEqualTo(Duration.ofMillis(250));
        assertThat(options.clientSettings()).containsEntry("bootstrap.servers", "127.0.0.1:9092");
    }

    @Test
    void shouldBeDocumentedInTheReadmeAsDeclared() throws Exception {
        assertThat(java.nio.file.Files.readString(java.nio.file.Path.of("README.md")))
                .contains(io.atlas.ops.EnvConfig.markdownTable(PublisherEnvConfig.DEFINITION));
    }

    @Test
    void shouldRequireTheBootstrapServers() {
        assertThatThrownBy(() -> new PublisherEnvConfig(Map.of()))
                .isInstanceOf(ConfigException.class).hasMessageContaining("ATLAS_KAFKA_BOOTSTRAP");
    }

    @Test
    void shouldRejectAnUnknownCompression() {
        assertThatThrownBy(() -> new PublisherEnvConfig(env(PublisherEnvConfig.COMPRESSION, "brotli")))
                .isInstanceOf(ConfigException.class).hasMessageContaining(PublisherEnvConfig.COMPRESSION);
    }

    @Test
    void shouldRejectANegativeLinger() {
        assertThatThrownBy(() -> new PublisherEnvConfig(env(PublisherEnvConfig.LINGER_MS, "-1")))
                .isInstanceOf(ConfigException.class).hasMessageContaining(PublisherEnvConfig.LINGER_MS);
    }

    @Test
    void shouldRejectATinyBatch() {
        assertThatThrownBy(() -> new PublisherEnvConfig(env(PublisherEnvConfig.BATCH_BYTES, "10")))
                .isInstanceOf(ConfigException.class).hasMessageContaining(PublisherEnvConfig.BATCH_BYTES);
    }

    @Test
    void shouldRejectAnEmptyBudget() {
        assertThatThrownBy(() -> new PublisherEnvConfig(env(PublisherEnvConfig.MAX_IN_FLIGHT, "0")))
                .isInstanceOf(ConfigException.class).hasMessageContaining(PublisherEnvConfig.MAX_IN_FLIGHT);
    }

    @Test
    void shouldRejectANegativeWait() {
        assertThatThrownBy(() -> new PublisherEnvConfig(env(PublisherEnvConfig.MAX_WAIT_MS, "-5")))
                .isInstanceOf(ConfigException.class).hasMessageContaining(PublisherEnvConfig.MAX_WAIT_MS);
    }
}
