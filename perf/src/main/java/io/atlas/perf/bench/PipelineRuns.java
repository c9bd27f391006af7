package io.atlas.perf.bench;

import io.atlas.catalog.Applications;
import io.atlas.catalog.Topics;
import io.atlas.events.Prediction;
import io.atlas.gateway.server.Gateway;
import io.atlas.gateway.server.GatewayConfig;
import io.atlas.inference.stream.InferenceConfig;
import io.atlas.local.kafka.FreePort;
import io.atlas.ops.OpsServer;

import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.Deserializer;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The Atlas pipeline as {@code ./atlas up} runs it, each service a JVM of its own: ingest's simulator at each offered
 * rate (then flat out), inference-stream at each processing guarantee, ws-gateway with the load generator's WebSocket
 * clients (a JVM of its own too, {@link LoadGenClients}) subscribed to every symbol. Measures tick → prediction
 * visible (read_committed) and tick → WebSocket receipt.
 *
 * <p>One scorer per guarantee serves every rate of that guarantee, so it is measured warm: the first step's warm-up
 * waits for its JIT, later steps find it compiled. Between steps the scorer works off what the step before left
 * queued (a flat-out step, the last, leaves the most), so every step starts without a backlog. Each step's simulator
 * is a JVM of its own, started at the step's rate; the warm-up waits for its JIT too.
 */
final class PipelineRuns {

    private static final Duration CATCH_UP_TIMEOUT = Duration.ofMinutes(3);
    private static final long CAUGHT_UP_LAG = 1_000;

    private final BenchContext bench;
    private final PipelineServices services;
    private final Deserializer<Prediction> predictions = Topics.PREDICTIONS.valueSerde().deserializer();
    private int simulators;

    PipelineRuns(BenchContext bench, PipelineServices services) {
        this.bench = bench;
        this.services = services;
    }

    /** Every step: for each guarantee, each offered rate in order (0 = flat out). */
    List<PhaseResult> run(List<String> guarantees, List<Integer> offered, int clients) throws Exception {
        bench.say("pipeline: ws-gateway and " + clients + " WebSocket client(s) subscribed to every symbol, in the "
                + "load generator's JVM");
        int wsPort = FreePort.find();
        int opsPort = FreePort.find();
        Map<String, String> gatewayEnv = services.serviceEnv();
        gatewayEnv.put(GatewayConfig.PORT, Integer.toString(wsPort));
        gatewayEnv.put(OpsServer.PORT, Integer.toString(opsPort));
        gatewayEnv.put(GatewayConfig.AUTH, "none");
        gatewayEnv.put(GatewayConfig.MAX_CONNECTIONS_PER_CLIENT, Integer.toString(clients + 1));
        List<PhaseResult> phases = new ArrayList<>();
        try (BenchContext.Child gateway = services.start(Applications.WS_GATEWAY, Applications.WS_GATEWAY.name(),
                List.of(), gatewayEnv)) {
            // The load generator connects each client once: the gateway must listen first.
            bench.awaitReady(gateway, opsPort);
            try (LoadGenClients ws = LoadGenClients.start(bench, URI.create("ws://127.0.0.1:" + wsPort
                    + Gateway.WS_PATH), clients, gateway.jvm().pid())) {
                for (String guarantee : guarantees) {
                    phases.addAll(atGuarantee(guarantee, offered, gateway, ws));
                }
            }
        }
        return phases;
    }

    private List<PhaseResult> atGuarantee(String guarantee, List<Integer> offered, BenchContext.Child gateway,
                                          LoadGenClients ws) throws Exception {
        String applicationId = PipelineServices.SCORER_GROUP + "-" + guarantee;
        services.startGroupAt(applicationId, services.ticksEnd());
        int opsPort = FreePort.find();
        List<PhaseResult> phases = new ArrayList<>();
        try (BenchContext.Child scorer = services.scorer(guarantee, guarantee, applicationId,
                InferenceConfig.DEFAULT_NUM_THREADS, opsPort)) {
            // Ticks start once the scorer runs with the model loaded, so its start-up is not measured as latency.
            bench.awaitReady(scorer, opsPort);
            for (int i = 0; i < offered.size(); i++) {
                int rate = offered.get(i);
                phases.addAll(bench.withRerun(() -> step(guarantee, rate, applicationId, scorer, gateway, ws)));
                if (i < offered.size() - 1) {
                    catchUp(applicationId, scorer);
                }
            }
        } finally {
            bench.emptyGroup(applicationId);
        }
        return phases;
    }

    private PhaseResult step(String guarantee, int rate, String applicationId, BenchContext.Child scorer,
                             BenchContext.Child gateway, LoadGenClients ws) throws Exception {
        Step step = new Step(BenchReport.PIPELINE, guarantee, rate, applicationId, Topics.TICKS.name(),
                Topics.TICKS.partitions());
        bench.say("pipeline: " + step.label() + " for " + bench.timing().window().toSeconds() + " s");
        try (KafkaConsumer<byte[], byte[]> reader = Measurement.openAtEnd(bench.client(), bench.admin(),
                Topics.PREDICTIONS.name(), true);
             BenchContext.Child simulator = services.simulator(guarantee + "-" + (++simulators), rate, 0)) {
            return step.measure(reader, r -> predictions.deserialize(r.topic(), r.value()).getExchangeTimeMicros(),
                    bench.admin(), bench.watched(simulator, scorer, gateway, ws.child()), ws, () -> {
                        simulator.ensureAlive("simulating");
                        scorer.ensureAlive("scoring");
                        gateway.ensureAlive("fanning out");
                    }, bench.timing(), bench.out());
        }
    }

    /** Waits until the scorer has worked off what the step left on the ticks topic. */
    private void catchUp(String applicationId, BenchContext.Child scorer) throws Exception {
        try (LagSampler lag = new LagSampler(bench.admin(), applicationId, Topics.TICKS.name(),
                Topics.TICKS.partitions())) {
            long deadline = System.nanoTime() + CATCH_UP_TIMEOUT.toNanos();
            while (lag.latest() < 0 || lag.latest() > CAUGHT_UP_LAG) {
                scorer.ensureAlive("catching up");
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("the scorer did not work off its backlog within "
                            + CATCH_UP_TIMEOUT + " (lag " + lag.latest() + ")");
                }
                Thread.sleep(500);
            }
        }
    }
}
