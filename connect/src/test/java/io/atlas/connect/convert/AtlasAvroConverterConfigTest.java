package io.atlas.connect.convert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.atlas.events.Prediction;
import java.util.Map;
import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.Test;

class AtlasAvroConverterConfigTest {

    @Test
    void shouldTakeTheContractOfACatalogTopic() {
        assertThat(new AtlasAvroConverterConfig(Map.of(AtlasAvroConverterConfig.TOPIC, "atlas.predictions.last"))
                .recordClass()).isEqualTo(Prediction.class);
    }

    @Test
    void shouldTakeARecordClass() {
        assertThat(new AtlasAvroConverterConfig(Map.of(AtlasAvroConverterConfig.RECORD, Prediction.class.getName()))
                .recordClass()).isEqualTo(Prediction.class);
    }

    @Test
    void shouldRefuseNeitherTopicNorRecord() {
        assertThatThrownBy(() -> new AtlasAvroConverterConfig(Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("Set exactly one of atlas.topic")
                .hasMessageContaining("atlas.record");
    }

    @Test
    void shouldRefuseBothTopicAndRecord() {
        assertThatThrownBy(() -> new AtlasAvroConverterConfig(Map.of(AtlasAvroConverterConfig.TOPIC,
                "atlas.predictions", AtlasAvroConverterConfig.RECORD, Prediction.class.getName())))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("Set exactly one of atlas.topic");
    }

    @Test
    void shouldRefuseATopicOutsideTheCatalog() {
        assertThatThrownBy(() -> new AtlasAvroConverterConfig(Map.of(AtlasAvroConverterConfig.TOPIC, "predictions")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("atlas.topic")
                .hasMessageContaining("not an Atlas topic with an Avro value")
                .hasMessageContaining("atlas.prediction-outcomes");
    }

    @Test
    void shouldRefuseACatalogTopicWhoseValuesAreNotAvro() {
        assertThatThrownBy(() -> new AtlasAvroConverterConfig(Map.of(AtlasAvroConverterConfig.TOPIC,
                "atlas.ticks.raw")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("atlas.ticks.raw")
                .hasMessageContaining("not an Atlas topic with an Avro value");
    }

    @Test
    void shouldRefuseAMissingClass() {
        assertThatThrownBy(() -> new AtlasAvroConverterConfig(Map.of(AtlasAvroConverterConfig.RECORD,
                "io.atlas.events.Nothing")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("atlas.record")
                .hasMessageContaining("no such class");
    }

    @Test
    void shouldRefuseAClassThatIsNotAGeneratedRecord() {
        assertThatThrownBy(() -> new AtlasAvroConverterConfig(Map.of(AtlasAvroConverterConfig.RECORD,
                String.class.getName())))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("atlas.record")
                .hasMessageContaining("not a generated Avro record class");
    }

    @Test
    void shouldRefuseToConvertKeys() {
        assertThatThrownBy(() -> new AtlasAvroConverter().configure(Map.of(AtlasAvroConverterConfig.TOPIC,
                "atlas.predictions"), true))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("StringConverter");
    }
}
