package io.atlas.ingest.cdc;

import io.atlas.events.ModelRelease;
import io.debezium.engine.DebeziumEngine;
import io.debezium.engine.RecordChangeEvent;
import io.debezium.engine.format.ChangeEventFormat;
import io.debezium.embedded.Connect;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.connect.source.SourceRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the Debezium embedded engine on the {@code instruments} and {@code model_releases} tables and writes each
 * change, mapped by {@link ChangeMapper}, to its compacted topic: an Avro value, or a tombstone for a delete. A
 * record's timestamp is its change's commit time in PostgreSQL (Debezium's {@code source.ts_ms}), so a reader can
 * tell how long a change took to reach it (the scorers time a model's rollout from it).
 *
 * <p>At least once: a batch's records are written with an idempotent producer ({@code acks=all}) and acknowledged
 * before Debezium is told they are processed, so its offsets (in {@code atlas.cdc.offsets}) and the replication
 * slot never move past a change that is not in Kafka. A crash can re-send the changes since the last offset flush;
 * on compacted topics keyed by symbol and model id a re-sent change is the same latest value again, so consumers that
 * keep the latest value per key are unaffected. The engine runs on its own named thread and stops with
 * {@link #close()}; the handler never throws for a bad row (it logs, counts and skips it).
 */
public final class CdcPipeline implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(CdcPipeline.class);
    private static final Duration RETRY_BACKOFF = Duration.ofSeconds(1);

    private final ChangeMapper mapper;
    private final PgTarget target;
    private final CdcMetrics metrics;
    private final KafkaProducer<byte[], byte[]> producer;
    private final Map<String, Serializer<SpecificRecord>> serializers;
    private final DebeziumEngine<RecordChangeEvent<SourceRecord>> engine;
    private final ExecutorService executor;
    private final AtomicBoolean closed = new AtomicBoolean();
    private volatile boolean started;
    private volatile boolean finished;
    private volatile String failure;
    /** Where model bytes are read, kept open between changes; used by the engine's thread only, null until needed. */
    private Connection modelReader;

    /**
     * @param engineProperties the Debezium connector and engine settings ({@link DebeziumSettings})
     * @param serializers      the Avro serializer of each target topic, by topic name
     */
    public CdcPipeline(Properties engineProperties, Map<String, Object> clientSettings, ChangeMapper mapper,
                       Map<String, Serializer<SpecificRecord>> serializers, PgTarget target,
                       io.micrometer.core.instrument.MeterRegistry registry) {
        this.mapper = mapper;
        this.target = target;
        this.serializers = Map.copyOf(serializers);
        this.metrics = new CdcMetrics(registry);
        Map<String, Object> settings = new HashMap<>(clientSettings);
        settings.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        settings.put(ProducerConfig.ACKS_CONFIG, "all");
        settings.put(ProducerConfig.LINGER_MS_CONFIG, 0);
        settings.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, 8_388_608);
        settings.put(ProducerConfig.CLIENT_ID_CONFIG, "atlas-ingest-cdc");
        this.producer = new KafkaProducer<>(settings, new ByteArraySerializer(), new ByteArraySerializer());
        this.engine = DebeziumEngine.create(ChangeEventFormat.of(Connect.class))
                .using(engineProperties)
                .using(new DebeziumEngine.ConnectorCallback() {
                    @Override
                    public void taskStarted() {
                        started = true;
                        log.info("Debezium task started");
                    }
                })
                .using((success, message, error) -> {
                    finished = true;
                    if (!success) {
                        failure = message;
                        log.error("Debezium engine stopped: {}", message, error);
                    } else {
                        log.info("Debezium engine stopped: {}", message);
                    }
                })
                .notifying(this::handleBatch)
                .build();
        this.executor = Executors.newSingleThreadExecutor(task -> new Thread(task, "cdc-engine"));
        executor.execute(engine);
    }

    /** True once Debezium's task has started (the slot exists and streaming or the snapshot began). */
    public boolean isStarted() {
        return started && !finished;
    }

    /** True while the engine runs. */
    public boolean isAlive() {
        return !finished;
    }

    /** Why the engine stopped, or {@code null}. */
    public String failure() {
        return failure;
    }

    private void handleBatch(List<RecordChangeEvent<SourceRecord>> events,
                             DebeziumEngine.RecordCommitter<RecordChangeEvent<SourceRecord>> committer)
            throws InterruptedException {
        List<CdcChange> changes = new ArrayList<>(events.size());
        for (RecordChangeEvent<SourceRecord> event : events) {
            SourceRecord record = event.record();
            try {
                CdcChange change = mapper.map(record);
                if (change.modelBytesMissing()) {
                    fillModelBytesRetrying((ModelRelease) change.value());
                }
                changes.add(change);
            } catch (RuntimeException e) {
                // A row Atlas cannot carry must not stop the capture of every later change.
                metrics.unmappable();
                log.error("Skipping a change that cannot be captured at {}: {}", record.sourceOffset(), e.toString());
            }
        }
        writeAll(changes);
        for (RecordChangeEvent<SourceRecord> event : events) {
            committer.markProcessed(event);
        }
        committer.markBatchFinished();
    }

    /** Writes every change and waits for Kafka to acknowledge all; retries the whole batch until it is in. */
    private void writeAll(List<CdcChange> changes) throws InterruptedException {
        while (true) {
            List<Future<RecordMetadata>> sent = new ArrayList<>(changes.size());
            try {
                for (CdcChange change : changes) {
                    byte[] key = change.key().getBytes(StandardCharsets.UTF_8);
                    byte[] value = change.value() == null ? null
                            : serializers.get(change.topic()).serialize(change.topic(), change.value());
                    sent.add(producer.send(new ProducerRecord<>(change.topic(), null, change.sourceMillis(), key,
                            value)));
                }
                for (Future<RecordMetadata> future : sent) {
                    future.get();
                }
                long now = System.currentTimeMillis();
                for (CdcChange change : changes) {
                    metrics.event(change.table(), change.op(), change.sourceMillis(), now);
                }
                return;
            } catch (ExecutionException | RuntimeException e) {
                metrics.kafkaError();
                log.warn("Writing {} changes to Kafka failed; retrying in {}", changes.size(), RETRY_BACKOFF, e);
                if (closed.get()) {
                    // Not marked processed: the next start re-reads these changes from the slot.
                    throw new InterruptedException("closing with changes not written");
                }
                Thread.sleep(RETRY_BACKOFF.toMillis());
            }
        }
    }

    /** Reads the model bytes, retrying while PostgreSQL is unreachable: skipping would lose the change. */
    private void fillModelBytesRetrying(ModelRelease release) throws InterruptedException {
        while (true) {
            try {
                fillModelBytes(release);
                return;
            } catch (SQLException e) {
                metrics.databaseError();
                log.warn("Reading the model bytes of {} v{} failed; retrying in {}", release.getModelId(),
                        release.getVersion(), RETRY_BACKOFF, e);
                if (closed.get()) {
                    throw new InterruptedException("closing with a change not written");
                }
                Thread.sleep(RETRY_BACKOFF.toMillis());
            }
        }
    }

    /**
     * Reads the model bytes of one release; they never change after insert, so the current row has the right ones.
     * The connection stays open for the next change: opening one per change (a login and a server backend each time)
     * was most of a release change's way from its commit to the topic.
     */
    private void fillModelBytes(ModelRelease release) throws SQLException {
        if (modelReader == null) {
            modelReader = target.connect();
        }
        try (PreparedStatement select = modelReader.prepareStatement(
                "SELECT model FROM model_releases WHERE model_id = ? AND version = ?")) {
            select.setString(1, release.getModelId().toString());
            select.setInt(2, release.getVersion());
            try (ResultSet row = select.executeQuery()) {
                if (!row.next()) {
                    throw new UnmappableChangeException("release " + release.getModelId() + " v"
                            + release.getVersion() + " was deleted before its model bytes could be read");
                }
                byte[] model = row.getBytes(1);
                release.setModel(model == null ? null : ByteBuffer.wrap(model));
            }
        } catch (SQLException e) {
            // The next attempt opens a fresh connection: this one may be broken (a restarted server).
            closeModelReader();
            throw e;
        }
    }

    private void closeModelReader() {
        if (modelReader != null) {
            try {
                modelReader.close();
            } catch (SQLException e) {
                log.debug("Closing the model reader's connection failed", e);
            }
            modelReader = null;
        }
    }

    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            try {
                engine.close();
            } catch (Exception e) {
                log.warn("Closing the Debezium engine failed", e);
            }
            executor.shutdown();
            try {
                if (!executor.awaitTermination(30, TimeUnit.SECONDS)) {
                    log.warn("The Debezium engine did not stop within 30 s");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            producer.close(Duration.ofSeconds(10));
            closeModelReader();
        }
    }

}
