package io.atlas.ingest.bridge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.Test;

class BridgeConfigTest {

    private static Map<String, String> env(String... pairs) {
        Map<String, String> env = new HashMap<>(Map.of("ATLAS_KAFKA_BOOTSTRAP", "127.0.0.1:9092"));
        for (int i = 0; i < pairs.length; i += 2) {
            env.put(pairs[i], pairs[i + 1]);
        }
        return env;
    }

    @Test
    void shouldUseDocumentedDefaults() {
        BridgeConfig config = new BridgeConfig(env());
        assertThat(config.maxPayloadBytes()).isEqualTo(BridgeConfig.DEFAULT_MAX_PAYLOAD_BYTES);
        assertThat(config.maxFutureSkew()).isEqualTo(Duration.ofSeconds(5));
        assertThat(config.maxPastSkew()).isEqualTo(Duration.ofMinutes(5));
        assertThat(config.maxRecordsPerTransaction()).isEqualTo(BridgeConfig.DEFAULT_MAX_RECORDS_PER_TRANSACTION);
        assertThat(config.instanceId()).isNotBlank();
    }

    @Test
    void shouldUseTheConfiguredInstanceId() {
        assertThat(new BridgeConfig(env(BridgeConfig.INSTANCE_ID, "bridge-0")).instanceId()).isEqualTo("bridge-0");
    }

    @Test
    void shouldRejectMissingBootstrap() {
        assertThatThrownBy(() -> new BridgeConfig(Map.of())).isInstanceOf(ConfigException.class)
                .hasMessageContaining("ATLAS_KAFKA_BOOTSTRAP");
    }

    @Test
    void shouldRejectTinyPayloadLimit() {
        assertThatThrownBy(() -> new BridgeConfig(env(BridgeConfig.MAX_PAYLOAD_BYTES, "10")))
                .isInstanceOf(ConfigException.class).hasMessageContaining(BridgeConfig.MAX_PAYLOAD_BYTES);
    }

    @Test
    void shouldRejectNegativeSkew() {
        assertThatThrownBy(() -> new BridgeConfig(env(BridgeConfig.MAX_PAST_SKEW_MS, "-1")))
                .isInstanceOf(ConfigException.class).hasMessageContaining(BridgeConfig.MAX_PAST_SKEW_MS);
    }

    @Test
    void shouldRejectNonNumericTransactionSize() {
        assertThatThrownBy(() -> new BridgeConfig(env(BridgeConfig.MAX_RECORDS_PER_TRANSACTION, "many")))
                .isInstanceOf(ConfigException.class).hasMessageContaining(BridgeConfig.MAX_RECORDS_PER_TRANSACTION);
    }
}
