package io.atlas.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.apache.kafka.common.serialization.Serdes;
import org.junit.jupiter.api.Test;

class TopicTest {

    @Test
    void shouldListCleanupPolicyThenRetentionThenExtraConfigs() {
        Topic<String, String> topic = Topic.builder("t", Serdes.String(), Serdes.String())
                .description("d").key("k").partitions(2).deleteAfter(Duration.ofMinutes(1))
                .config("max.message.bytes", "1024")
                .build();

        assertThat(topic.configs()).containsExactly(
                Map.entry("cleanup.policy", "delete"), Map.entry("retention.ms", "60000"),
                Map.entry("max.message.bytes", "1024"));
    }

    @Test
    void shouldRejectExtraConfigThatOverridesRetention() {
        assertThatThrownBy(() -> Topic.builder("t", Serdes.String(), Serdes.String())
                .description("d").key("k").partitions(1).compacted().config("retention.ms", "1000").build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("retention.ms");
    }

    @Test
    void shouldRejectZeroPartitions() {
        assertThatThrownBy(() -> Topic.builder("t", Serdes.String(), Serdes.String())
                .description("d").key("k").partitions(0).compacted().build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("partitions");
    }

    @Test
    void shouldRejectTopicWithoutRetentionOrCompaction() {
        assertThatThrownBy(() -> Topic.builder("t", Serdes.String(), Serdes.String())
                .description("d").key("k").partitions(1).build())
                .isInstanceOf(NullPointerException.class)
                .hasMessageContaining("retention");
    }

    @Test
    void shouldRejectBlankName() {
        assertThatThrownBy(() -> Topic.builder(" ", Serdes.String(), Serdes.String()))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
