package io.atlas.connect.sink;

import io.atlas.catalog.Topic;
import io.atlas.catalog.Topics;
import io.atlas.connect.convert.AtlasAvroConverter;
import io.atlas.connect.convert.AtlasAvroConverterConfig;
import io.atlas.ops.KafkaConnection;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.connect.converters.ByteArrayConverter;
import org.apache.kafka.connect.runtime.ConnectorConfig;
import org.apache.kafka.connect.runtime.SinkConnectorConfig;
import org.apache.kafka.connect.runtime.WorkerConfig;
import org.apache.kafka.connect.runtime.isolation.PluginDiscoveryMode;
import org.apache.kafka.connect.runtime.rest.RestServerConfig;
import org.apache.kafka.connect.runtime.standalone.StandaloneConfig;
import org.apache.kafka.connect.storage.StringConverter;
import org.apache.kafka.connect.transforms.Flatten;
import org.apache.kafka.connect.transforms.InsertField;

/**
 * What the analytics sink runs: the standalone worker's settings and one Debezium JDBC sink connector per topic,
 * writing {@code <schema>.predictions} and {@code <schema>.prediction_outcomes}.
 *
 * <p>Each table has one row per prediction: the primary key is what makes a prediction unique (symbol, tick
 * sequence, model, version, shadow; for an outcome, those of its prediction), and every write is an upsert on it,
 * so a record written again (after a worker crash, or a duplicate from an at-least-once scorer) changes nothing.
 * Records are read {@code read_committed}: an exactly-once scorer's aborted writes never reach a table. Columns are
 * the contract's field names in snake_case (nested fields of an outcome prefixed {@code prediction_}), plus
 * {@code kafka_partition} and {@code kafka_offset}, where the row's record was last read.
 */
public final class SinkConnectors {

    static final String JDBC_SINK = "io.debezium.connector.jdbc.JdbcSinkConnector";
    static final String COLUMN_NAMES = "io.debezium.connector.jdbc.transforms.FieldNameTransformation";
    static final String PREDICTIONS_TABLE = "predictions";
    static final String OUTCOMES_TABLE = "prediction_outcomes";

    /** The key of a prediction row; an outcome's key is the same columns prefixed {@code prediction_}. */
    static final List<String> PREDICTION_KEY = List.of("symbol", "tick_sequence", "model_id", "model_version",
            "shadow");

    private final SinkConfig config;

    public SinkConnectors(SinkConfig config) {
        this.config = config;
    }

    /** Settings of a standalone worker that keeps its (source-only, here unused) offsets in {@code stateDir}. */
    public Map<String, String> worker(Path stateDir) {
        Map<String, String> worker = new LinkedHashMap<>();
        // The client file's security settings apply to the worker's own clients and, prefixed, to the sinks'.
        KafkaConnection.clientSettings(config).forEach((key, value) -> {
            worker.put(key, value.toString());
            worker.put("consumer." + key, value.toString());
            worker.put("admin." + key, value.toString());
        });
        worker.put(WorkerConfig.KEY_CONVERTER_CLASS_CONFIG, StringConverter.class.getName());
        worker.put(WorkerConfig.VALUE_CONVERTER_CLASS_CONFIG, ByteArrayConverter.class.getName());
        worker.put(StandaloneConfig.OFFSET_STORAGE_FILE_FILENAME_CONFIG, stateDir.resolve("connect.offsets")
                .toString());
        worker.put(WorkerConfig.OFFSET_COMMIT_INTERVAL_MS_CONFIG, Long.toString(config.commitIntervalMs()));
        worker.put(WorkerConfig.PLUGIN_PATH_CONFIG, config.pluginPath().toString());
        // Every plugin used here declares itself in a ServiceLoader manifest: no scanning of every jar at start.
        worker.put(WorkerConfig.PLUGIN_DISCOVERY_CONFIG, PluginDiscoveryMode.SERVICE_LOAD.name());
        worker.put(RestServerConfig.LISTENERS_CONFIG, "http://127.0.0.1:0");
        worker.put("consumer." + ConsumerConfig.ISOLATION_LEVEL_CONFIG,
                IsolationLevel.READ_COMMITTED.name().toLowerCase(Locale.ROOT));
        // Static membership (one task per connector, so one member per group): a restarted worker takes its
        // partitions back at once instead of waiting out the dead member's session.
        worker.put("consumer." + ConsumerConfig.GROUP_INSTANCE_ID_CONFIG, config.name());
        return worker;
    }

    public String predictionsName() {
        return config.name() + "-predictions";
    }

    public String outcomesName() {
        return config.name() + "-prediction-outcomes";
    }

    /** The predictions connector: one row per prediction in {@code <schema>.predictions}. */
    public Map<String, String> predictions() {
        Map<String, String> connector = common(predictionsName(), config.predictionsTopic(), Topics.PREDICTIONS,
                PREDICTIONS_TABLE, PREDICTION_KEY);
        connector.put(ConnectorConfig.TRANSFORMS_CONFIG, "position,columns");
        position(connector);
        columns(connector);
        return connector;
    }

    /** The outcomes connector: the judged prediction's fields flattened, one row per prediction. */
    public Map<String, String> outcomes() {
        Map<String, String> connector = common(outcomesName(), config.outcomesTopic(), Topics.PREDICTION_OUTCOMES,
                OUTCOMES_TABLE, PREDICTION_KEY.stream().map(column -> "prediction_" + column).toList());
        connector.put(ConnectorConfig.TRANSFORMS_CONFIG, "flatten,position,columns");
        connector.put("transforms.flatten.type", Flatten.Value.class.getName());
        connector.put("transforms.flatten.delimiter", "_");
        position(connector);
        columns(connector);
        return connector;
    }

    private Map<String, String> common(String name, String topic, Topic<?, ?> contract, String table,
                                       List<String> key) {
        Map<String, String> connector = new LinkedHashMap<>();
        connector.put(ConnectorConfig.NAME_CONFIG, name);
        connector.put(ConnectorConfig.CONNECTOR_CLASS_CONFIG, JDBC_SINK);
        connector.put(ConnectorConfig.TASKS_MAX_CONFIG, "1");
        connector.put(SinkConnectorConfig.TOPICS_CONFIG, topic);
        connector.put(ConnectorConfig.KEY_CONVERTER_CLASS_CONFIG, StringConverter.class.getName());
        connector.put(ConnectorConfig.VALUE_CONVERTER_CLASS_CONFIG, AtlasAvroConverter.class.getName());
        connector.put(ConnectorConfig.VALUE_CONVERTER_CLASS_CONFIG + "." + AtlasAvroConverterConfig.TOPIC,
                contract.name());
        connector.put("connection.url", config.jdbcUrl());
        connector.put("connection.username", config.jdbcUser());
        connector.put("connection.password", config.jdbcPassword());
        connector.put("insert.mode", "upsert");
        connector.put("primary.key.mode", "record_value");
        connector.put("primary.key.fields", String.join(",", key));
        connector.put("delete.enabled", "false");
        // Creates the table, and adds a column when a contract release adds a field.
        connector.put("schema.evolution", "basic");
        connector.put("collection.name.format", config.dbSchema() + "." + table);
        return connector;
    }

    private static void position(Map<String, String> connector) {
        connector.put("transforms.position.type", InsertField.Value.class.getName());
        connector.put("transforms.position.partition.field", "kafkaPartition");
        connector.put("transforms.position.offset.field", "kafkaOffset");
    }

    private static void columns(Map<String, String> connector) {
        connector.put("transforms.columns.type", COLUMN_NAMES);
        connector.put("transforms.columns.column.naming.style", "snake_case");
    }
}
