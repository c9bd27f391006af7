package io.atlas.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import io.atlas.schemas.SampleEvents;
import io.atlas.schemas.serde.AvroSerde;
import java.time.Duration;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.junit.jupiter.api.Test;

class TopicsTest {

    @Test
    void shouldGiveEveryTopicAUniqueName() {
        assertThat(Topics.all()).extracting(Topic::name).doesNotHaveDuplicates().hasSize(10);
    }

    @Test
    void shouldGiveEveryCompactedTopicUnlimitedRetention() {
        assertThat(Topics.all()).filteredOn(topic -> topic.cleanupPolicy() == CleanupPolicy.COMPACT)
                .isNotEmpty()
                .allSatisfy(topic -> {
                    assertThat(topic.retention()).isEqualTo(Topic.UNLIMITED);
                    assertThat(topic.configs()).containsEntry("retention.ms", "-1")
                            .containsEntry("cleanup.policy", "compact");
                });
    }

    @Test
    void shouldRoundTripASampleThroughEveryAvroTopicsValueSerde() {
        Map<String, SpecificRecord> samples = SampleEvents.all().stream()
                .collect(Collectors.toMap(sample -> sample.getSchema().getFullName(), sample -> sample));

        assertThat(Topics.all()).filteredOn(topic -> topic.valueSchema() != null).hasSize(8).allSatisfy(topic -> {
            SpecificRecord sample = samples.get(topic.valueSchema().getFullName());
            assertThat(roundTrip(topic.valueSerde(), topic.name(), sample)).isEqualTo(sample);
        });
    }

    @Test
    void shouldDescribeValueSchemaOnlyForAvroValues() {
        assertThat(Topics.all()).allSatisfy(topic ->
                assertThat(topic.valueSchema() != null).isEqualTo(topic.valueSerde() instanceof AvroSerde));
        assertThat(Topics.TICKS_RAW.valueSchema()).isNull();
        assertThat(Topics.CDC_OFFSETS.valueSchema()).isNull();
    }

    @Test
    void shouldKeyEveryTopicByUtf8String() {
        assertThat(Topics.all()).allSatisfy(topic ->
                assertThat(topic.keySerde()).isInstanceOf(Serdes.StringSerde.class));
    }

    @Test
    void shouldDeclareThePartitionsAndConfigsOfEachTopic() {
        assertTopic(Topics.TICKS_RAW, "atlas.ticks.raw", 12, "delete", "86400000");
        assertTopic(Topics.TICKS, "atlas.ticks", 12, "delete", "86400000");
        assertTopic(Topics.INSTRUMENTS, "atlas.instruments", 3, "compact", "-1");
        assertTopic(Topics.MODEL_PROPOSALS, "atlas.model-proposals", 1, "delete", "86400000");
        assertTopic(Topics.MODEL_RELEASES, "atlas.model-releases", 1, "compact", "-1");
        assertTopic(Topics.PREDICTIONS, "atlas.predictions", 12, "delete", "86400000");
        assertTopic(Topics.PREDICTIONS_LAST, "atlas.predictions.last", 12, "compact", "-1");
        assertTopic(Topics.PREDICTION_OUTCOMES, "atlas.prediction-outcomes", 12, "delete", "604800000");
        assertTopic(Topics.DEAD_LETTERS, "atlas.dead-letters", 3, "delete", "1209600000");
        assertTopic(Topics.CDC_OFFSETS, "atlas.cdc.offsets", 1, "compact", "-1");
    }

    @Test
    void shouldAllowLargeMessagesOnlyWhereModelsTravel() {
        assertThat(Topics.MODEL_RELEASES.configs()).containsEntry("max.message.bytes", "8388608");
        assertThat(Topics.MODEL_PROPOSALS.configs()).containsEntry("max.message.bytes", "8388608");
        assertThat(Topics.all()).filteredOn(topic -> topic != Topics.MODEL_RELEASES && topic != Topics.MODEL_PROPOSALS)
                .allSatisfy(topic -> assertThat(topic.configs()).containsOnlyKeys("cleanup.policy", "retention.ms"));
    }

    @Test
    void shouldExpressDeleteRetentionAsDuration() {
        assertThat(Topics.PREDICTION_OUTCOMES.retention()).isEqualTo(Duration.ofDays(7));
        assertThat(Topics.TICKS.cleanupPolicy()).isEqualTo(CleanupPolicy.DELETE);
    }

    private static void assertTopic(Topic<?, ?> topic, String name, int partitions, String cleanup,
                                    String retentionMs) {
        assertThat(topic.name()).isEqualTo(name);
        assertThat(topic.partitions()).as(name).isEqualTo(partitions);
        assertThat(topic.configs()).as(name).containsEntry("cleanup.policy", cleanup)
                .containsEntry("retention.ms", retentionMs);
        assertThat(topic.description()).as(name).isNotBlank();
        assertThat(topic.keyDescription()).as(name).isNotBlank();
    }

    @SuppressWarnings("unchecked")
    private static Object roundTrip(Serde<?> serde, String topic, Object value) {
        Serde<Object> values = (Serde<Object>) serde;
        return values.deserializer().deserialize(topic, values.serializer().serialize(topic, value));
    }
}
