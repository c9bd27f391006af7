package io.atlas.strimzi;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConfigMap;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

/** The JMX exporter refuses a configuration it cannot parse, and the broker then exports no metric at all. */
class JmxExporterConfigTest {

    static final YAMLMapper YAML = YAMLMapper.builder().build();

    @Test
    void shouldParseEveryExporterConfigurationWithAPatternPerRule() {
        for (ConfigMap config : List.of(KafkaClusterResources.metricsConfigMap(), MirrorResources.metricsConfigMap())) {
            JsonNode parsed = YAML.readTree(config.getData().values().iterator().next());

            assertThat(parsed.path("lowercaseOutputName").asBoolean()).as(config.getMetadata().getName()).isTrue();
            assertThat(parsed.path("rules")).isNotEmpty().allSatisfy(rule ->
                    assertThat(rule.path("pattern").asString("")).isNotBlank());
        }
    }

    @Test
    void shouldKeepTheColonThatEndsTheRaftMetricsPattern() {
        JsonNode rules = YAML.readTree(KafkaClusterResources.metricsConfigMap().getData()
                .get(KafkaClusterResources.METRICS_KEY)).path("rules");

        assertThat(rules).anySatisfy(rule -> assertThat(rule.path("pattern").asString())
                .isEqualTo("kafka.server<type=raft-metrics><>(.+):"));
    }
}
