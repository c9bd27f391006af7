package io.atlas.perf.bench;

import io.atlas.catalog.Application;
import io.atlas.catalog.Applications;
import io.atlas.catalog.Topics;
import io.atlas.events.Instrument;
import io.atlas.events.Prediction;
import io.atlas.gateway.server.GatewayConfig;
import io.atlas.inference.stream.InferenceConfig;
import io.atlas.ingest.simulate.SimulatedInstrument;
import io.atlas.ingest.simulate.SimulatedInstruments;
import io.atlas.local.kafka.FreePort;
import io.atlas.ops.KafkaConnection;
import io.atlas.ops.OpsServer;

import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.Deserializer;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The Atlas pipeline as {@code ./atlas up} runs it, each service a JVM of its own: ingest's simulator at each offered
 * rate (then flat out), inference-stream at each processing guarantee, ws-gateway with WebSocket clients in the bench
 * JVM subscribed to every symbol. Measures tick → prediction visible (read_committed) and tick → WebSocket receipt.
 */
final class PipelineRuns {

    private static final String SCORER_GROUP = Applications.INFERENCE_STREAM.consumerGroup().orElseThrow();
    private static final int TRAINING_TICKS = 20_000;
    private static final int TRAINING_RATE = 20_000;
    private static final Duration TRAINING_TIMEOUT = Duration.ofMinutes(3);

    private final BenchContext bench;
    private final Path workDir;
    private final Deserializer<Prediction> predictions = Topics.PREDICTIONS.valueSerde().deserializer();
    private int scorers;

    PipelineRuns(BenchContext bench, Path workDir) {
        this.bench = bench;
        this.workDir = workDir;
    }

    /** Every step: for each guarantee, each offered rate in order (0 = flat out). */
    List<PhaseResult> run(List<String> guarantees, List<Integer> offered, int clients) throws Exception {
        bench.say("pipeline: the simulator's instruments, then ws-gateway and " + clients + " WebSocket clients");
        publishInstruments();
        int wsPort = FreePort.find();
        Map<String, String> gatewayEnv = new HashMap<>(serviceEnv());
        gatewayEnv.put(GatewayConfig.PORT, Integer.toString(wsPort));
        gatewayEnv.put(GatewayConfig.AUTH, "none");
        gatewayEnv.put(GatewayConfig.MAX_CONNECTIONS_PER_CLIENT, Integer.toString(clients + 1));
        List<PhaseResult> phases = new ArrayList<>();
        try (BenchContext.Child gateway = service(Applications.WS_GATEWAY, Applications.WS_GATEWAY.name(), List.of(),
                "256m", gatewayEnv);
             WsClients ws = new WsClients(URI.create("ws://127.0.0.1:" + wsPort + "/ws"), clients)) {
            trainModel();
            for (String guarantee : guarantees) {
                for (int rate : offered) {
                    phases.addAll(bench.withRerun(() -> step(guarantee, rate, gateway, ws)));
                }
            }
        }
        return phases;
    }

    /**
     * One step on a scorer of its own, so every step starts alike: no backlog, feature state or tasks left by the
     * step before (a flat-out step leaves a backlog). Each step's scorer gets a fresh application id (and state), its
     * offsets on the ticks topic set to the end before it starts; it loads the model {@link #trainModel()} published.
     */
    private PhaseResult step(String guarantee, int rate, BenchContext.Child gateway, WsClients ws) throws Exception {
        String applicationId = SCORER_GROUP + "-" + (++scorers);
        skipTo(applicationId);
        Step step = new Step(BenchReport.PIPELINE, guarantee, rate, applicationId, Topics.TICKS.name(),
                Topics.TICKS.partitions());
        bench.say("pipeline: " + step.label() + " for " + bench.timing().window().toSeconds() + " s (scorer "
                + applicationId + ")");
        int opsPort = FreePort.find();
        try (KafkaConsumer<byte[], byte[]> reader = Measurement.openAtEnd(bench.client(), bench.admin(),
                Topics.PREDICTIONS.name(), true);
             BenchContext.Child scorer = service(Applications.INFERENCE_STREAM,
                     Applications.INFERENCE_STREAM.name() + "-" + guarantee + "-" + scorers, List.of(), "512m",
                     scorerEnv(guarantee, applicationId, opsPort))) {
            // Ticks start once the scorer runs with the model loaded, so its start-up is not measured as latency.
            bench.awaitReady(scorer, opsPort);
            try (BenchContext.Child simulator = service(Applications.INGEST_SIMULATE,
                    Applications.INGEST_SIMULATE.name() + "-" + guarantee + "-" + scorers,
                    List.of("--rate", Integer.toString(rate)), "256m", serviceEnv())) {
                return step.measure(reader, r -> predictions.deserialize(r.topic(), r.value()).getExchangeTimeMicros(),
                        bench.admin(), bench.watched(simulator, scorer, gateway), ws, () -> {
                            simulator.ensureAlive("simulating");
                            scorer.ensureAlive("scoring");
                            gateway.ensureAlive("fanning out");
                        }, bench.timing(), bench.out());
            }
        }
    }

    /**
     * Before any step, as under {@code ./atlas up}: a scorer with no active release trains one from 20,000 simulated
     * ticks and publishes it; done once the first prediction appears. Every step's scorer then loads that release, so
     * no step measures training or the backlog queued meanwhile.
     */
    private void trainModel() throws Exception {
        bench.say("pipeline: inference-stream trains the model from " + TRAINING_TICKS + " simulated ticks");
        Map<String, String> env = scorerEnv(BenchReport.EXACTLY_ONCE_V2, SCORER_GROUP + "-training", 0);
        env.put(InferenceConfig.TRAIN_ON_START, "true");
        env.put(InferenceConfig.TRAIN_TICKS, Integer.toString(TRAINING_TICKS));
        try (KafkaConsumer<byte[], byte[]> reader = Measurement.openAtEnd(bench.client(), bench.admin(),
                Topics.PREDICTIONS.name(), true);
             BenchContext.Child scorer = service(Applications.INFERENCE_STREAM,
                     Applications.INFERENCE_STREAM.name() + "-training", List.of(), "512m", env);
             BenchContext.Child simulator = service(Applications.INGEST_SIMULATE,
                     Applications.INGEST_SIMULATE.name() + "-training", List.of("--rate",
                             Integer.toString(TRAINING_RATE)), "256m", serviceEnv())) {
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

    /** Commits, for a scorer group that does not exist yet, the current end of every ticks partition. */
    private void skipTo(String group) throws Exception {
        Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
        for (int p = 0; p < Topics.TICKS.partitions(); p++) {
            latest.put(new TopicPartition(Topics.TICKS.name(), p), OffsetSpec.latest());
        }
        Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> ends = bench.admin().listOffsets(latest).all()
                .get(30, TimeUnit.SECONDS);
        Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
        ends.forEach((tp, info) -> offsets.put(tp, new OffsetAndMetadata(info.offset())));
        bench.admin().alterConsumerGroupOffsets(group, offsets).all().get(30, TimeUnit.SECONDS);
    }

    private Map<String, String> serviceEnv() {
        return Map.of(KafkaConnection.BOOTSTRAP, bench.kafka().bootstrapServers(), OpsServer.PORT, "0");
    }

    private Map<String, String> scorerEnv(String guarantee, String applicationId, int opsPort) {
        Map<String, String> env = new HashMap<>(serviceEnv());
        env.put(OpsServer.PORT, Integer.toString(opsPort));
        env.put(InferenceConfig.APPLICATION_ID_CONFIG, applicationId);
        env.put(InferenceConfig.PROCESSING_GUARANTEE, guarantee);
        env.put(InferenceConfig.STATE_DIR, workDir.resolve("inference-state-" + guarantee).toAbsolutePath()
                .toString());
        return env;
    }

    /** Starts a catalog application as {@code ./atlas up} does: its module's classpath, heap, G1, its arguments. */
    private BenchContext.Child service(Application application, String name, List<String> extraArgs, String maxHeap,
                                       Map<String, String> env) throws Exception {
        List<String> args = new ArrayList<>(application.arguments());
        args.addAll(extraArgs);
        return bench.start(name, List.of("-Xmx" + maxHeap, "-XX:+UseG1GC"), ServiceClasspath.of(application.module()),
                application.mainClass(), args, env);
    }

    /** The simulator's instruments, as the CDC service would publish them from PostgreSQL under ./atlas up. */
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
