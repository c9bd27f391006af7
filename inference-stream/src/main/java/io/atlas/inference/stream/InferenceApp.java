package io.atlas.inference.stream;

import io.atlas.inference.model.ActiveModels;
import io.atlas.inference.model.ModelRegistry;
import io.atlas.inference.model.PlantedSignal;
import io.atlas.ops.Health;
import io.atlas.ops.OpsServer;
import io.atlas.ops.ServiceMetrics;
import io.atlas.ops.trace.Tracing;

import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.LogAndContinueExceptionHandler;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The inference-stream process: owns the Kafka Streams scorer, its metrics (Micrometer, Kafka Streams binder,
 * Prometheus endpoint), its tracing (built from the configuration, or handed in by a test), the health endpoints and, when enabled, first-start training. Liveness fails when the
 * streams client is in ERROR; readiness needs RUNNING and an active model, or first-start training still under
 * way (so the local run does not wait forever when no ticks come). {@link #close()} is idempotent and stops in
 * reverse start order.
 */
public final class InferenceApp implements AutoCloseable {

    public static final String SERVICE = "inference-stream";
    private static final Logger log = LoggerFactory.getLogger(InferenceApp.class);
    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(30);

    private final ServiceMetrics serviceMetrics;
    private final Tracing tracing;
    private final ModelRegistry models;
    private final KafkaStreams streams;
    private final KafkaStreamsMetrics streamsMetrics;
    private final FirstModelTrainer firstModel;
    private final OpsServer ops;
    private final AtomicBoolean closed = new AtomicBoolean();

    private InferenceApp(InferenceConfig config, Tracing tracing) {
        this.tracing = tracing;
        serviceMetrics = new ServiceMetrics(SERVICE);
        InferenceMetrics metrics = new InferenceMetrics(serviceMetrics.registry());
        models = new ModelRegistry(metrics);
        PlantedSignal optimum = config.simulatedSignal().orElse(null);
        if (optimum != null) {
            log.info("Judging the known optimum beside every model one tick ahead: the ticks are simulated with {}",
                    optimum);
        }
        streams = new KafkaStreams(InferenceTopology.build(models, metrics, tracing, optimum),
                streamsProperties(config));
        streams.setUncaughtExceptionHandler(error -> {
            log.error("Stream thread failed; shutting the client down", error);
            return StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
        });
        streamsMetrics = new KafkaStreamsMetrics(streams);
        streamsMetrics.bindTo(serviceMetrics.registry());
        firstModel = config.trainOnStart()
                ? new FirstModelTrainer(config, models, () -> streams.state() == KafkaStreams.State.RUNNING)
                : null;
        ops = OpsServer.start(config.httpPort(), serviceMetrics.registry(), this::liveness, this::readiness);
    }

    /** Starts the scorer configured by {@code config}. */
    public static InferenceApp start(InferenceConfig config) {
        return start(config, Tracing.start(SERVICE, config.traceSettings()));
    }

    /** Starts the scorer configured by {@code config}, its spans going through {@code tracing}, which it closes. */
    public static InferenceApp start(InferenceConfig config, Tracing tracing) {
        InferenceApp app = new InferenceApp(config, tracing);
        log.info("Starting {} ({} = {}, commit every {} ms, {} thread(s))", config.applicationId(),
                StreamsConfig.PROCESSING_GUARANTEE_CONFIG, config.processingGuarantee(), config.commitIntervalMs(),
                config.numThreads());
        app.streams.start();
        if (app.firstModel != null) {
            app.firstModel.start();
        }
        return app;
    }

    /**
     * The Kafka Streams settings of a scorer configured by {@code config}; also the bench's Streams baseline's.
     * Streams' own producer waits up to 100 ms to fill a batch, which at_least_once readers see as latency; the
     * scorer's producer waits {@value #PRODUCER_LINGER_MS} ms and fills larger batches instead (the bench's drains
     * and pipeline steps measure both). Task idling only orders records across a task's several input partitions;
     * every task here reads one ticks partition, yet Streams would still check, and format log text, on every pass
     * over a task with nothing buffered. A client config file ({@code ATLAS_KAFKA_CLIENT_CONFIG}) overrides these
     * defaults.
     */
    public static Properties streamsProperties(InferenceConfig config) {
        Properties properties = new Properties();
        properties.put(ProducerConfig.LINGER_MS_CONFIG, PRODUCER_LINGER_MS);
        properties.put(ProducerConfig.BATCH_SIZE_CONFIG, PRODUCER_BATCH_BYTES);
        properties.put(StreamsConfig.MAX_TASK_IDLE_MS_CONFIG, StreamsConfig.MAX_TASK_IDLE_MS_DISABLED);
        properties.putAll(config.clientSettings());
        properties.put(StreamsConfig.APPLICATION_ID_CONFIG, config.applicationId());
        properties.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, config.processingGuarantee());
        properties.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, config.commitIntervalMs());
        properties.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, config.numThreads());
        properties.put(StreamsConfig.STATE_DIR_CONFIG, config.stateDir());
        // A corrupt instrument or release record is logged with topic, partition and offset and skipped; ticks
        // are decoded by the scorer itself and dead-lettered.
        properties.put(StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG,
                LogAndContinueExceptionHandler.class);
        properties.put(StreamsConfig.consumerPrefix(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG), "earliest");
        // A static member: an instance restarted after a crash (kill -9, OOM) rejoins under the same name and gets
        // its tasks back at once; without it, the dead member holds them until its session times out (45 s).
        properties.put(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG, config.applicationId() + "-" + config.instanceId());
        return properties;
    }

    static final int PRODUCER_LINGER_MS = 5;
    static final int PRODUCER_BATCH_BYTES = 64 * 1024;

    public KafkaStreams.State state() {
        return streams.state();
    }

    public ActiveModels models() {
        return models.current();
    }

    public int httpPort() {
        return ops.port();
    }

    Health liveness() {
        KafkaStreams.State state = streams.state();
        if (state == KafkaStreams.State.ERROR || state == KafkaStreams.State.PENDING_ERROR) {
            return Health.down("streams " + state);
        }
        return Health.up("streams " + state);
    }

    Health readiness() {
        KafkaStreams.State state = streams.state();
        if (state != KafkaStreams.State.RUNNING) {
            return Health.down("streams " + state);
        }
        ActiveModels current = models.current();
        if (current.active() != null) {
            return Health.up("streams RUNNING, serving " + current.active().label());
        }
        if (firstModel != null && firstModel.inProgress()) {
            return Health.up("streams RUNNING, no model yet: " + firstModel.status());
        }
        return Health.down("streams RUNNING but no active model"
                + (firstModel == null ? "" : ": " + firstModel.status()));
    }

    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            log.info("Stopping {}", SERVICE);
            if (firstModel != null) {
                firstModel.close();
            }
            ops.close();
            // A static member stays in the group after closing unless told to leave: a stopped or scaled-down
            // instance must hand its tasks over now, not when its session times out.
            streams.close(CloseOptions.timeout(CLOSE_TIMEOUT)
                    .withGroupMembershipOperation(CloseOptions.GroupMembershipOperation.LEAVE_GROUP));
            tracing.close();
            streamsMetrics.close();
            serviceMetrics.close();
        }
    }
}
