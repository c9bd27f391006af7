package io.atlas.perf.bench;

import io.atlas.catalog.Application;
import io.atlas.catalog.Applications;
import io.atlas.catalog.Topics;
import io.atlas.events.Instrument;
import io.atlas.inference.stream.InferenceConfig;
import io.atlas.ingest.cdc.CdcConfig;
import io.atlas.ingest.simulate.SimulatedInstrument;
import io.atlas.ingest.simulate.SimulatedInstruments;
import io.atlas.local.kafka.FreePort;
import io.atlas.local.process.ModuleClasspath;
import io.atlas.ops.KafkaConnection;
import io.atlas.ops.OpsServer;

import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Starts Atlas's services as {@code ./atlas up} does (their module's classpath, heap, G1, their arguments), each a
 * JVM of its own, and prepares what they need on the bench's broker: the simulator's instruments (what
 * {@code ingest-cdc} publishes from PostgreSQL under {@code ./atlas up}) and an active model.
 */
final class PipelineServices {

    static final String SCORER_GROUP = Applications.INFERENCE_STREAM.consumerGroup().orElseThrow();
    private static final int TRAINING_TICKS = 20_000;
    private static final int TRAINING_RATE = 20_000;
    private static final Duration TRAINING_TIMEOUT = Duration.ofMinutes(3);

    private final BenchContext bench;
    private final Path workDir;

    PipelineServices(BenchContext bench, Path workDir) {
        this.bench = bench;
        this.workDir = workDir;
    }

    /**
     * Publishes the simulator's instruments, then, as under {@code ./atlas up}, lets a scorer with no active release
     * train one from 20,000 simulated ticks and propose it, which ingest-cdc releases through its embedded PostgreSQL;
     * done once the first prediction appears. Every scorer the bench starts afterwards loads that release, so no
     * measurement includes training.
     */
    void prepare() throws Exception {
        publishInstruments();
        bench.say("inference-stream trains the model from " + TRAINING_TICKS + " simulated ticks");
        Map<String, String> env = scorerEnv(BenchReport.EXACTLY_ONCE_V2, SCORER_GROUP + "-training", 1, 0);
        env.put(InferenceConfig.TRAIN_ON_START, "true");
        env.put(InferenceConfig.TRAIN_TICKS, Integer.toString(TRAINING_TICKS));
        try (KafkaConsumer<byte[], byte[]> reader = Measurement.openAtEnd(bench.client(), bench.admin(),
                Topics.PREDICTIONS.name(), true);
             BenchContext.Child releases = ingestCdc(Applications.INGEST_CDC.name() + "-training", Map.of());
             BenchContext.Child scorer = start(Applications.INFERENCE_STREAM,
                     Applications.INFERENCE_STREAM.name() + "-training", List.of(), env);
             BenchContext.Child simulator = simulator("training", TRAINING_RATE, 0)) {
            long deadline = System.nanoTime() + TRAINING_TIMEOUT.toNanos();
            while (reader.poll(Duration.ofMillis(200)).isEmpty()) {
                scorer.ensureAlive("training");
                simulator.ensureAlive("simulating for training");
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("no prediction within " + TRAINING_TIMEOUT + " of training; see "
                            + scorer.jvm().logFile());
                }
            }
        }
    }

    /**
     * ingest-cdc on an embedded PostgreSQL, as under {@code ./atlas up}, ready: it releases proposed models and carries
     * every change of the release table to {@link Topics#MODEL_RELEASES}. {@code extraEnv} adds to its settings.
     */
    BenchContext.Child ingestCdc(String name, Map<String, String> extraEnv) throws Exception {
        int opsPort = FreePort.find();
        Map<String, String> env = serviceEnv();
        env.put(OpsServer.PORT, Integer.toString(opsPort));
        env.put(CdcConfig.PG_EMBEDDED, "true");
        env.putAll(extraEnv);
        BenchContext.Child cdc = start(Applications.INGEST_CDC, name, List.of(), env);
        bench.awaitReady(cdc, opsPort);
        return cdc;
    }

    /** The simulator at {@code rate} ticks/s (0: flat out), stopping after {@code count} ticks (0: never). */
    BenchContext.Child simulator(String name, int rate, long count) throws Exception {
        List<String> args = new ArrayList<>(List.of("--rate", Integer.toString(rate)));
        if (count > 0) {
            args.addAll(List.of("--count", Long.toString(count)));
        }
        return start(Applications.INGEST_SIMULATE, Applications.INGEST_SIMULATE.name() + "-" + name, args,
                serviceEnv());
    }

    /** A scorer at {@code guarantee} with {@code threads} stream threads under its own application id. */
    BenchContext.Child scorer(String name, String guarantee, String applicationId, int threads, int opsPort)
            throws Exception {
        return start(Applications.INFERENCE_STREAM, Applications.INFERENCE_STREAM.name() + "-" + name, List.of(),
                scorerEnv(guarantee, applicationId, threads, opsPort));
    }

    /** Starts a catalog application as {@code ./atlas up} does: its module's classpath, heap, G1, its arguments. */
    BenchContext.Child start(Application application, String name, List<String> extraArgs, Map<String, String> env)
            throws Exception {
        List<String> args = new ArrayList<>(application.arguments());
        args.addAll(extraArgs);
        return bench.start(name, List.of("-Xmx" + heap(application), "-XX:+UseG1GC"),
                ModuleClasspath.of(application.module()), application.mainClass(), args, env);
    }

    private static String heap(Application application) {
        return application == Applications.INFERENCE_STREAM ? "512m" : "256m";
    }

    Map<String, String> serviceEnv() {
        Map<String, String> env = new HashMap<>();
        env.put(KafkaConnection.BOOTSTRAP, bench.kafka().bootstrapServers());
        env.put(OpsServer.PORT, "0");
        return env;
    }

    Map<String, String> scorerEnv(String guarantee, String applicationId, int threads, int opsPort) {
        Map<String, String> env = serviceEnv();
        env.put(OpsServer.PORT, Integer.toString(opsPort));
        env.put(InferenceConfig.APPLICATION_ID_CONFIG, applicationId);
        env.put(InferenceConfig.PROCESSING_GUARANTEE, guarantee);
        env.put(InferenceConfig.NUM_THREADS, Integer.toString(threads));
        env.put(InferenceConfig.STATE_DIR, workDir.resolve("inference-state").resolve(applicationId)
                .toAbsolutePath().toString());
        return env;
    }

    /** The current end offset of every ticks partition. */
    Map<TopicPartition, Long> ticksEnd() throws Exception {
        Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
        for (int p = 0; p < Topics.TICKS.partitions(); p++) {
            latest.put(new TopicPartition(Topics.TICKS.name(), p), OffsetSpec.latest());
        }
        Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> ends = bench.admin().listOffsets(latest).all()
                .get(30, TimeUnit.SECONDS);
        Map<TopicPartition, Long> offsets = new HashMap<>();
        ends.forEach((tp, info) -> offsets.put(tp, info.offset()));
        return offsets;
    }

    /** Commits {@code offsets} for a group that does not exist yet, so that it starts there. */
    void startGroupAt(String group, Map<TopicPartition, Long> offsets) throws Exception {
        Map<TopicPartition, OffsetAndMetadata> committed = new HashMap<>();
        offsets.forEach((tp, offset) -> committed.put(tp, new OffsetAndMetadata(offset)));
        bench.admin().alterConsumerGroupOffsets(group, committed).all().get(30, TimeUnit.SECONDS);
    }

    private void publishInstruments() throws Exception {
        try (KafkaProducer<String, Instrument> producer = new KafkaProducer<>(new HashMap<>(bench.client()),
                Topics.INSTRUMENTS.keySerde().serializer(), Topics.INSTRUMENTS.valueSerde().serializer())) {
            for (SimulatedInstrument instrument : SimulatedInstruments.first(SimulatedInstruments.DEFAULT_COUNT)) {
                producer.send(new ProducerRecord<>(Topics.INSTRUMENTS.name(), instrument.symbol(),
                        instrument.toInstrument(Measurement.nowMicros()))).get();
            }
        }
    }
}
