package io.atlas.ingest.cdc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.Test;

class CdcConfigTest {

    private static Map<String, String> env(String... pairs) {
        Map<String, String> env = new HashMap<>(Map.of("ATLAS_KAFKA_BOOTSTRAP", "127.0.0.1:9092"));
        for (int i = 0; i < pairs.length; i += 2) {
            env.put(pairs[i], pairs[i + 1]);
        }
        return env;
    }

    @Test
    void shouldUseDocumentedDefaults() {
        CdcConfig config = new CdcConfig(env());
        assertThat(config.pgUrl()).isEqualTo("jdbc:postgresql://127.0.0.1:5432/atlas");
        assertThat(config.pgUser()).isEqualTo("atlas");
        assertThat(config.pgPassword()).isEqualTo("atlas");
        assertThat(config.schema()).isEqualTo("public");
        assertThat(config.slot()).isEqualTo(CdcConfig.DEFAULT_SLOT);
        assertThat(config.publication()).isEqualTo(CdcConfig.DEFAULT_PUBLICATION);
        assertThat(config.pollInterval()).isEqualTo(Duration.ofMillis(10));
        assertThat(config.embedded()).isFalse();
    }

    @Test
    void shouldRejectASlotNameThatIsNotAnSqlIdentifier() {
        assertThatThrownBy(() -> new CdcConfig(env(CdcConfig.SLOT, "atlas-cdc")))
                .isInstanceOf(ConfigException.class).hasMessageContaining(CdcConfig.SLOT);
    }

    @Test
    void shouldRejectAnUpperCaseSchema() {
        assertThatThrownBy(() -> new CdcConfig(env(CdcConfig.PG_SCHEMA, "Atlas")))
                .isInstanceOf(ConfigException.class).hasMessageContaining(CdcConfig.PG_SCHEMA);
    }

    @Test
    void shouldRejectAZeroPollInterval() {
        assertThatThrownBy(() -> new CdcConfig(env(CdcConfig.POLL_INTERVAL_MS, "0")))
                .isInstanceOf(ConfigException.class).hasMessageContaining(CdcConfig.POLL_INTERVAL_MS);
    }

    @Test
    void shouldRejectANonBooleanEmbeddedFlag() {
        assertThatThrownBy(() -> new CdcConfig(env(CdcConfig.PG_EMBEDDED, "maybe")))
                .isInstanceOf(ConfigException.class).hasMessageContaining(CdcConfig.PG_EMBEDDED);
    }

    @Test
    void shouldParseTheJdbcUrlIntoDebeziumSettings() {
        PgTarget target = PgTarget.of("jdbc:postgresql://db.example:6543/refdata", "u", "p", "s");
        assertThat(target.host()).isEqualTo("db.example");
        assertThat(target.port()).isEqualTo(6543);
        assertThat(target.database()).isEqualTo("refdata");
    }
}
