package io.atlas.connect.sink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.atlas.events.MoveDirection;
import io.atlas.events.Prediction;
import io.atlas.events.PredictionOutcome;
import io.atlas.local.junit.KafkaExtension;
import io.atlas.local.junit.WithKafka;
import io.atlas.local.kafka.FreePort;
import io.atlas.local.kafka.KafkaCluster;
import io.atlas.local.process.ChildJvm;
import io.atlas.ops.KafkaConnection;
import io.atlas.ops.OpsServer;
import io.atlas.schemas.serde.ContractSerdes;
import java.io.File;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the analytics sink as Atlas runs it (its own JVM: Kafka Connect's standalone worker, the JDBC sink from the
 * plugin path) against the real PostgreSQL, a schema of its own, and topics of its own written transactionally as
 * an exactly-once scorer writes them. Kills the worker with SIGKILL before it has committed any offset and starts it
 * again: the tables must hold exactly the committed records, one row per prediction, nothing lost or doubled.
 */
@WithKafka
class AnalyticsSinkTest {

    private static final Logger log = LoggerFactory.getLogger(AnalyticsSinkTest.class);
    private static final Duration WAIT = Duration.ofSeconds(90);
    // A worker starts in 20 s on a quiet machine (Hibernate's bootstrap is most of it); a busy one takes far longer.
    private static final Duration START = Duration.ofMinutes(3);
    private static final String JDBC_URL = SinkConfig.DEFAULT_JDBC_URL;
    private static final String[] SYMBOLS = {"AAPL", "MSFT", "NVDA", "S0001", "S0002", "S0003", "S0004"};

    private final String schema = "sink_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    private final String predictionsTopic = KafkaExtension.uniqueTopicName("sink-predictions");
    private final String outcomesTopic = KafkaExtension.uniqueTopicName("sink-outcomes");
    private final String name = "sink-test-" + schema;
    private long nextSequence = 1;

    @AfterEach
    void dropSchema() throws SQLException {
        try (Connection connection = connect(); Statement statement = connection.createStatement()) {
            statement.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
        }
    }

    @Test
    void shouldWriteEveryCommittedRecordOnceAcrossAWorkerKill(KafkaCluster kafka) throws Exception {
        try (Admin admin = kafka.admin()) {
            admin.createTopics(List.of(new NewTopic(predictionsTopic, 3, (short) 1),
                    new NewTopic(outcomesTopic, 3, (short) 1))).all().get(30, TimeUnit.SECONDS);
        }
        Path logFile = Path.of("target", "analytics-sink-" + schema + ".log");
        int port = FreePort.find();
        try (KafkaProducer<String, byte[]> producer = transactionalProducer(kafka)) {
            producer.initTransactions();
            writeCommitted(producer, 150);
            writeAborted(producer, 40);

            try (ChildJvm first = startSink(kafka, port, logFile)) {
                awaitReady(port, first);
                writeCommitted(producer, 150);
                // Mid-stream: some rows are in, more are coming, nothing is committed (the interval is 10 minutes).
                await().atMost(WAIT).until(() -> count(SinkConnectors.PREDICTIONS_TABLE) >= 150);
                writeCommitted(producer, 100);
                ProcessHandle.of(first.pid()).orElseThrow().destroyForcibly();
                ProcessHandle.of(first.pid()).ifPresent(process -> process.onExit().join());
            }
            int rowsAtKill = count(SinkConnectors.PREDICTIONS_TABLE);
            assertThat(committedOffsets(kafka, "connect-" + name + "-predictions")).isEmpty();
            log.info("Worker killed with {} prediction rows written and no offset committed", rowsAtKill);

            writeCommitted(producer, 100);
            resend(producer, kafka, 25);
            writeAborted(producer, 40);

            try (ChildJvm second = startSink(kafka, port, logFile)) {
                awaitReady(port, second);
                Map<List<Object>, List<Object>> predictions = expectedPredictions(kafka);
                Map<List<Object>, List<Object>> outcomes = expectedOutcomes(kafka);
                assertThat(predictions).hasSize(500);
                await().atMost(WAIT).until(() -> rows(predictionsQuery()).equals(predictions)
                        && rows(outcomesQuery()).equals(outcomes));
                assertThat(count(SinkConnectors.PREDICTIONS_TABLE)).isEqualTo(500);
                assertThat(count(SinkConnectors.OUTCOMES_TABLE)).isEqualTo(500);
            }
        }
    }

    private ChildJvm startSink(KafkaCluster kafka, int port, Path logFile) throws Exception {
        String classpath = Path.of("target", "classes").toAbsolutePath() + File.pathSeparator
                + Files.readString(Path.of("target", "runtime.classpath")).trim();
        Map<String, String> env = new HashMap<>();
        env.put(KafkaConnection.BOOTSTRAP, kafka.bootstrapServers());
        env.put(OpsServer.PORT, Integer.toString(port));
        env.put(SinkConfig.DB_SCHEMA, schema);
        env.put(SinkConfig.NAME, name);
        env.put(SinkConfig.PREDICTIONS_TOPIC, predictionsTopic);
        env.put(SinkConfig.OUTCOMES_TOPIC, outcomesTopic);
        env.put(SinkConfig.COMMIT_INTERVAL_MS, Long.toString(Duration.ofMinutes(10).toMillis()));
        return ChildJvm.start("analytics-sink", List.of("-Xmx384m"), classpath, AnalyticsSink.class.getName(),
                List.of(), env, logFile);
    }

    private static void awaitReady(int port, ChildJvm process) {
        HttpClient http = HttpClient.newHttpClient();
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + OpsServer.READINESS))
                .timeout(Duration.ofSeconds(2)).build();
        await().atMost(START).ignoreExceptions().until(() -> {
            process.ensureAlive("starting the analytics sink");
            return http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
        });
    }

    private static KafkaProducer<String, byte[]> transactionalProducer(KafkaCluster kafka) {
        Map<String, Object> settings = new HashMap<>(kafka.clientConfig());
        settings.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "sink-test-" + UUID.randomUUID());
        return new KafkaProducer<>(settings, new StringSerializer(), new ByteArraySerializer());
    }

    /** One committed transaction of predictions (every third by a shadow release) and their outcomes. */
    private void writeCommitted(KafkaProducer<String, byte[]> producer, int predictions) {
        producer.beginTransaction();
        send(producer, predictions);
        producer.commitTransaction();
    }

    /** Predictions and outcomes that an aborted transaction wrote: a read_committed reader never sees them. */
    private void writeAborted(KafkaProducer<String, byte[]> producer, int predictions) {
        producer.beginTransaction();
        send(producer, predictions);
        producer.flush();
        producer.abortTransaction();
    }

    private void send(KafkaProducer<String, byte[]> producer, int predictions) {
        for (int i = 0; i < predictions; i++) {
            long sequence = nextSequence++;
            String symbol = SYMBOLS[(int) (sequence % SYMBOLS.length)];
            Prediction prediction = prediction(symbol, sequence, sequence % 3 == 0);
            producer.send(new ProducerRecord<>(predictionsTopic, symbol, ContractSerdes.prediction().encode(prediction)));
            producer.send(new ProducerRecord<>(outcomesTopic, symbol,
                    ContractSerdes.predictionOutcome().encode(outcome(prediction))));
        }
    }

    /** Writes some committed predictions and outcomes a second time, as an at-least-once scorer may after a crash. */
    private void resend(KafkaProducer<String, byte[]> producer, KafkaCluster kafka, int records) {
        List<ConsumerRecord<String, byte[]>> predictions = readCommitted(kafka, predictionsTopic);
        List<ConsumerRecord<String, byte[]>> outcomes = readCommitted(kafka, outcomesTopic);
        producer.beginTransaction();
        for (int i = 0; i < records; i++) {
            producer.send(new ProducerRecord<>(predictionsTopic, predictions.get(i).key(), predictions.get(i).value()));
            producer.send(new ProducerRecord<>(outcomesTopic, outcomes.get(i).key(), outcomes.get(i).value()));
        }
        producer.commitTransaction();
    }

    private static Prediction prediction(String symbol, long sequence, boolean shadow) {
        double pUp = (sequence % 10) / 10.0;
        return Prediction.newBuilder()
                .setSymbol(symbol).setVenue("XNAS").setTickSequence(sequence)
                .setExchangeTimeMicros(1_767_225_600_000_000L + sequence)
                .setIngestTimeMicros(1_767_225_600_000_400L + sequence)
                .setMid(100 + sequence / 100.0).setPredicted(pUp > 0.5 ? MoveDirection.UP : MoveDirection.DOWN)
                .setPDown(1 - pUp).setPFlat(0).setPUp(pUp).setHorizonTicks(10)
                .setModelId("mid-move").setModelVersion(shadow ? 4 : 3).setShadow(shadow)
                .setScoreStartMicros(1_767_225_600_001_000L + sequence)
                .setScoreEndMicros(1_767_225_600_001_050L + sequence)
                .build();
    }

    /** The outcome of {@code prediction}; every other one carries the known optimum, the rest leave it null. */
    private static PredictionOutcome outcome(Prediction prediction) {
        MoveDirection realized = prediction.getTickSequence() % 4 == 0 ? MoveDirection.UP : MoveDirection.DOWN;
        boolean optimumKnown = prediction.getTickSequence() % 2 == 1;
        return PredictionOutcome.newBuilder()
                .setPrediction(prediction).setOutcomeMid(prediction.getMid() + 0.01).setRealized(realized)
                .setOutcomeExchangeTimeMicros(prediction.getExchangeTimeMicros() + 2_000_000)
                .setHit(prediction.getPredicted() == realized)
                .setLogLoss(-Math.log(realized == MoveDirection.UP ? Math.max(prediction.getPUp(), 1e-9)
                        : Math.max(prediction.getPDown(), 1e-9)))
                .setOptimumHit(optimumKnown ? realized == MoveDirection.DOWN : null)
                .setOptimumLogLoss(optimumKnown ? 0.5 + prediction.getTickSequence() / 1e4 : null)
                .build();
    }

    /** What the predictions table must hold: per prediction, the last committed record of it and its position. */
    private Map<List<Object>, List<Object>> expectedPredictions(KafkaCluster kafka) {
        Map<List<Object>, List<Object>> rows = new HashMap<>();
        for (ConsumerRecord<String, byte[]> record : readCommitted(kafka, predictionsTopic)) {
            Prediction p = ContractSerdes.prediction().decode(record.topic(), record.partition(), record.offset(),
                    record.value());
            rows.put(identity(p), List.of(p.getVenue(), p.getExchangeTimeMicros(), p.getIngestTimeMicros(),
                    p.getMid(), p.getPredicted().name(), p.getPDown(), p.getPFlat(), p.getPUp(), p.getHorizonTicks(),
                    p.getScoreStartMicros(), p.getScoreEndMicros(), record.partition(), record.offset()));
        }
        return rows;
    }

    private Map<List<Object>, List<Object>> expectedOutcomes(KafkaCluster kafka) {
        Map<List<Object>, List<Object>> rows = new HashMap<>();
        for (ConsumerRecord<String, byte[]> record : readCommitted(kafka, outcomesTopic)) {
            PredictionOutcome o = ContractSerdes.predictionOutcome().decode(record.topic(), record.partition(),
                    record.offset(), record.value());
            // Arrays.asList: an outcome without the optimum has nulls there, as its row must.
            rows.put(identity(o.getPrediction()), Arrays.asList(o.getPrediction().getPUp(),
                    o.getPrediction().getPredicted().name(), o.getOutcomeMid(), o.getRealized().name(),
                    o.getOutcomeExchangeTimeMicros(), o.getHit(), o.getLogLoss(), o.getOptimumHit(),
                    o.getOptimumLogLoss(), record.partition(), record.offset()));
        }
        return rows;
    }

    private static List<Object> identity(Prediction p) {
        return List.of(p.getSymbol(), p.getTickSequence(), p.getModelId(), p.getModelVersion(), p.getShadow());
    }

    private String predictionsQuery() {
        return "SELECT symbol, tick_sequence, model_id, model_version, shadow, venue, exchange_time_micros, "
                + "ingest_time_micros, mid, predicted, p_down, p_flat, p_up, horizon_ticks, score_start_micros, "
                + "score_end_micros, kafka_partition, kafka_offset FROM " + schema + ".predictions";
    }

    private String outcomesQuery() {
        return "SELECT prediction_symbol, prediction_tick_sequence, prediction_model_id, prediction_model_version, "
                + "prediction_shadow, prediction_p_up, prediction_predicted, outcome_mid, realized, "
                + "outcome_exchange_time_micros, hit, log_loss, optimum_hit, optimum_log_loss, kafka_partition, "
                + "kafka_offset FROM " + schema + ".prediction_outcomes";
    }

    /** The rows of {@code query}: the first five columns (the key) to the rest, as the JDBC driver returns them. */
    private static Map<List<Object>, List<Object>> rows(String query) throws SQLException {
        Map<List<Object>, List<Object>> rows = new HashMap<>();
        try (Connection connection = connect(); Statement statement = connection.createStatement();
             ResultSet result = statement.executeQuery(query)) {
            int columns = result.getMetaData().getColumnCount();
            while (result.next()) {
                List<Object> key = new ArrayList<>();
                List<Object> values = new ArrayList<>();
                for (int column = 1; column <= columns; column++) {
                    (column <= 5 ? key : values).add(result.getObject(column));
                }
                rows.put(key, values);
            }
        } catch (SQLException e) {
            if ("42P01".equals(e.getSQLState())) {
                return Map.of();
            }
            throw e;
        }
        return rows;
    }

    private int count(String table) throws SQLException {
        try (Connection connection = connect(); Statement statement = connection.createStatement();
             ResultSet result = statement.executeQuery("SELECT count(*) FROM " + schema + "." + table)) {
            result.next();
            return result.getInt(1);
        } catch (SQLException e) {
            if ("42P01".equals(e.getSQLState())) {
                return 0;
            }
            throw e;
        }
    }

    private static Map<TopicPartition, Long> committedOffsets(KafkaCluster kafka, String group) throws Exception {
        Map<TopicPartition, Long> offsets = new HashMap<>();
        try (Admin admin = kafka.admin()) {
            admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get(30, TimeUnit.SECONDS)
                    .forEach((partition, offset) -> Optional.ofNullable(offset)
                            .ifPresent(o -> offsets.put(partition, o.offset())));
        }
        return offsets;
    }

    private static List<ConsumerRecord<String, byte[]>> readCommitted(KafkaCluster kafka, String topic) {
        Map<String, Object> settings = new HashMap<>(kafka.clientConfig());
        settings.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        List<ConsumerRecord<String, byte[]>> records = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(settings, new StringDeserializer(),
                new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(info -> new TopicPartition(topic, info.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
            await().atMost(WAIT).until(() -> {
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
                return partitions.stream().allMatch(p -> consumer.position(p) >= ends.get(p));
            });
        }
        return records;
    }

    private static Connection connect() throws SQLException {
        return DriverManager.getConnection(JDBC_URL, "atlas", "atlas");
    }
}
