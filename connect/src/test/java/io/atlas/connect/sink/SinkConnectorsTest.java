package io.atlas.connect.sink;

import static org.assertj.core.api.Assertions.assertThat;

import io.atlas.connect.convert.AtlasAvroConverter;
import io.atlas.ops.KafkaConnection;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SinkConnectorsTest {

    @TempDir
    Path plugins;

    @Test
    void shouldReadOnlyCommittedRecords() {
        assertThat(connectors().worker(plugins)).containsEntry("consumer.isolation.level", "read_committed");
    }

    @Test
    void shouldUpsertPredictionsOnWhatMakesAPredictionUnique() {
        Map<String, String> predictions = connectors().predictions();

        assertThat(predictions).containsEntry("insert.mode", "upsert")
                .containsEntry("primary.key.mode", "record_value")
                .containsEntry("primary.key.fields", "symbol,tick_sequence,model_id,model_version,shadow")
                .containsEntry("topics", "atlas.predictions")
                .containsEntry("collection.name.format", "analytics.predictions")
                .containsEntry("value.converter", AtlasAvroConverter.class.getName())
                .containsEntry("value.converter.atlas.topic", "atlas.predictions");
    }

    @Test
    void shouldUpsertOutcomesOnTheirPredictionsKey() {
        Map<String, String> outcomes = connectors().outcomes();

        assertThat(outcomes).containsEntry("primary.key.fields",
                        "prediction_symbol,prediction_tick_sequence,prediction_model_id,prediction_model_version,"
                                + "prediction_shadow")
                .containsEntry("transforms", "flatten,position,columns")
                .containsEntry("collection.name.format", "analytics.prediction_outcomes")
                .containsEntry("value.converter.atlas.topic", "atlas.prediction-outcomes");
    }

    @Test
    void shouldGiveTheSinksTheClientFilesSecuritySettings(@TempDir Path dir) throws Exception {
        Path clientFile = dir.resolve("client.properties");
        java.nio.file.Files.writeString(clientFile, "security.protocol=SASL_SSL\n");
        SinkConfig config = new SinkConfig(Map.of(KafkaConnection.BOOTSTRAP, "broker:9093",
                KafkaConnection.CLIENT_CONFIG, clientFile.toString(), SinkConfig.PLUGIN_PATH, plugins.toString()));

        assertThat(new SinkConnectors(config).worker(dir)).containsEntry("bootstrap.servers", "broker:9093")
                .containsEntry("security.protocol", "SASL_SSL")
                .containsEntry("consumer.security.protocol", "SASL_SSL");
    }

    private SinkConnectors connectors() {
        return new SinkConnectors(new SinkConfig(Map.of(KafkaConnection.BOOTSTRAP, "127.0.0.1:9092",
                SinkConfig.PLUGIN_PATH, plugins.toString())));
    }
}
