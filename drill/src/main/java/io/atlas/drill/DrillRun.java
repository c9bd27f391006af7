package io.atlas.drill;

import io.atlas.drill.cluster.ProductionCluster;
import io.atlas.drill.dr.DrMirror;
import io.atlas.drill.dr.Failover;
import io.atlas.drill.judge.ClientCount;
import io.atlas.drill.judge.GatewayUpdates;
import io.atlas.drill.judge.PipelineJudge;
import io.atlas.drill.judge.RawLedger;
import io.atlas.drill.judge.WindowCount;
import io.atlas.drill.load.RawTickProducer;
import io.atlas.drill.load.ReferenceChanges;
import io.atlas.drill.load.ResumingClients;
import io.atlas.drill.pipeline.DrillDatabase;
import io.atlas.drill.pipeline.Pipeline;
import io.atlas.drill.report.FailoverResult;
import io.atlas.drill.report.ScenarioResult;
import io.atlas.drill.report.Verdict;
import io.atlas.drill.scenario.Drill;
import io.atlas.drill.scenario.Scenario;
import io.atlas.ingest.simulate.SimulatedInstrument;
import io.atlas.ingest.simulate.SimulatedInstruments;
import io.atlas.inference.stream.InferenceConfig;
import io.atlas.local.kafka.ForkedKafkaCluster;
import io.atlas.local.launch.ServiceProcess;

import org.apache.kafka.clients.admin.Admin;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * One drill: the primary cluster (controllers and three brokers with the production settings), the region's services,
 * the load (the simulator, an outside JSON producer, CDC changes in PostgreSQL, resuming WebSocket clients) and the
 * judge; then each scenario in turn inside a window of its own, judged by counting. {@link #close()} stops everything
 * in reverse order and drops the drill's PostgreSQL corner.
 */
public final class DrillRun implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(DrillRun.class);
    private static final Duration MODEL_TIMEOUT = Duration.ofMinutes(10);
    private static final Duration CAUGHT_UP = Duration.ofSeconds(5);
    private static final List<String> REFERENCE_SYMBOLS = List.of("S0002", "S0003", "S0004", "S0005");

    /**
     * @param workDir          broker data, scorer state, logs
     * @param rate             the simulator's ticks per second
     * @param rawRate          the outside producer's ticks per second
     * @param simulatorSymbols instruments 1..n the simulator publishes; the outside producer has n+1..500
     * @param clients          resuming WebSocket clients
     * @param controllers      KRaft controllers in the quorum
     * @param observe          how long each scenario watches after each disturbance
     * @param pause            how long a frozen broker stays frozen
     * @param settle           how long a window may take to settle (every tick predicted) before counting
     * @param failover         whether a DR cluster and MirrorMaker 2 run beside the primary, for {@link #failover()}
     */
    public record Options(Path workDir, String guarantee, int rate, int rawRate, int simulatorSymbols, int clients,
                          int controllers, String brokerHeap, int trainTicks, Duration observe, Duration pause,
                          Duration settle, Duration readyTimeout, boolean failover) {
    }

    private final Options options;
    private final Consumer<String> say;
    private final DrillDatabase database;
    private final List<AutoCloseable> owned = new CopyOnWriteArrayList<>();
    private final AtomicBoolean closed = new AtomicBoolean();
    private ForkedKafkaCluster cluster;
    private Pipeline pipeline;
    private PipelineJudge judge;
    private ReferenceChanges reference;
    private ResumingClients clients;
    private RawTickProducer raw;
    private RawLedger ledger;
    private ForkedKafkaCluster drCluster;
    private DrMirror mirror;
    private Set<String> rawSymbols;
    private Set<String> watched;
    // Every simulator life so far, announced to every judge (a DR judge reads the mirrored ticks of earlier lives).
    private final List<Long> lives = new CopyOnWriteArrayList<>();
    private final List<PipelineJudge> judges = new CopyOnWriteArrayList<>();
    private final GatewayUpdates gatewayUpdates = new GatewayUpdates();

    public DrillRun(Options options, String runId, Consumer<String> say) {
        this.options = options;
        this.say = say;
        this.database = DrillDatabase.local(runId);
    }

    /** Starts the cluster, the services and the load, and returns once predictions flow and every client is live. */
    public void start() throws Exception {
        Path logs = options.workDir().resolve("logs");
        say.accept("starting a KRaft cluster: " + options.controllers() + " controller(s), "
                + ProductionCluster.racks().size() + " brokers (racks " + ProductionCluster.racks() + "), "
                + ProductionCluster.clusterSettings());
        cluster = ProductionCluster.start(options.workDir().resolve("kafka"), logs, options.controllers(),
                options.brokerHeap(), options.readyTimeout());
        owned.add(cluster);
        List<SimulatedInstrument> rawInstruments = new ArrayList<>();
        for (int i = options.simulatorSymbols() + 1; i <= SimulatedInstruments.DEFAULT_COUNT; i++) {
            rawInstruments.add(SimulatedInstruments.of(i));
        }
        rawSymbols = Set.copyOf(rawInstruments.stream().map(SimulatedInstrument::symbol).toList());
        Set<String> watchedSymbols = new java.util.TreeSet<>(rawSymbols);
        watchedSymbols.add(SimulatedInstruments.of(1).symbol());
        watched = Set.copyOf(watchedSymbols);
        ledger = new RawLedger();
        judge = judgeOn(cluster.bootstrapServers());
        judge.start();
        if (options.failover()) {
            startDr(logs);
        }
        pipeline = new Pipeline(new Pipeline.Settings(options.workDir(), logs, options.guarantee(), options.rate(),
                options.simulatorSymbols(), options.trainTicks(), database, "redis://127.0.0.1:6379",
                options.readyTimeout()), cluster.bootstrapServers(), this::simulatorLaunched, this::ending);
        owned.add(pipeline);
        say.accept("starting " + Pipeline.SERVICES + " (logs in " + logs + ")");
        pipeline.startAll();
        raw = new RawTickProducer(cluster.bootstrapServers(), rawInstruments, options.rawRate(), ledger);
        raw.start();
        owned.add(raw);
        reference = new ReferenceChanges(database.url(), database.user(), database.password(), database.name(),
                REFERENCE_SYMBOLS, 5, cluster.bootstrapServers());
        reference.start();
        owned.add(reference);
        say.accept("waiting for the first model, and for predictions to catch up with the ticks");
        judge.awaitCaughtUp(CAUGHT_UP, MODEL_TIMEOUT);
        // The scorer's changelogs and repartition topics are Kafka Streams' own, created with the cluster's default.
        try (Admin admin = cluster.admin()) {
            ProductionCluster.requireReplication(admin, admin.listTopics().names().get());
        }
        clients = new ResumingClients(pipeline.gateways(), options.clients(), List.copyOf(watched));
        owned.add(clients);
        long deadline = System.nanoTime() + options.readyTimeout().toNanos();
        while (clients.live() < options.clients()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("only " + clients.live() + " of " + options.clients()
                        + " WebSocket clients subscribed within " + options.readyTimeout());
            }
            Thread.sleep(100);
        }
        say.accept("pipeline up: " + options.rate() + " simulated + " + options.rawRate() + " raw JSON ticks/s, "
                + options.clients() + " resuming WebSocket clients on " + pipeline.gateways());
    }

    /** Runs one scenario inside a window of its own and counts it. */
    public ScenarioResult run(Scenario scenario) throws Exception {
        say.accept("scenario " + scenario.name() + ": " + scenario.description());
        ClientCount before = ClientCount.of(clients.received(), judge, gatewayUpdates());
        Map<String, Long> exitsBefore = pipeline.unexpectedExits();
        judge.open(scenario.name());
        scenario.run(new Drill(cluster, pipeline, judge, clients, options.observe(), options.pause(), say));
        WindowCount kafka = judge.close(options.settle());
        ReferenceChanges.Count changes = reference.count(kafka.startMicros(), kafka.endMicros(),
                options.settle());
        ClientCount received = ClientCount.of(clients.received(), judge, gatewayUpdates()).minus(before);
        Map<String, Long> exits = pipeline.unexpectedExitsSince(exitsBefore);
        boolean exactlyOnce = InferenceConfig.EXACTLY_ONCE_V2.equals(options.guarantee());
        List<String> misses = Verdict.misses(scenario.goal(), kafka, received, changes, exits, exactlyOnce);
        ScenarioResult result = new ScenarioResult(scenario.name(), scenario.description(), scenario.goal().text(),
                kafka, received, changes, exits, misses.isEmpty(), misses);
        say.accept(String.format(java.util.Locale.ROOT, "  %s: %,d ticks, lost %d, duplicated %d, predictions lost "
                        + "%d, duplicated %d, late %d; flowing again %s; max latency %.0f ms; WebSocket %d frames, "
                        + "%d gaps (gateways: %d updates conflated, %d dropped), %d resumes; CDC %d changes, %d "
                        + "lost; exited on their own %s%s", scenario.name(), kafka.ticks(), kafka.lostTicks(),
                kafka.duplicateTicks(), kafka.lostPredictions(), kafka.duplicatePredictions(),
                kafka.latePredictions(), kafka.flowingAgainSeconds(), kafka.maxLatencyMs(), received.frames(),
                received.gaps(), received.updatesConflated(), received.updatesDropped(), received.resumes(),
                changes.committed(), changes.lost(), exits.isEmpty() ? "none" : exits,
                misses.isEmpty() ? "" : "; MISSED: " + misses));
        return result;
    }

    /**
     * The DR failover, last (it ends the primary region): see {@link Failover}. The DR cluster and the mirror have run
     * since the start, so the mirror has carried everything, as it would in production.
     */
    public FailoverResult failover() throws Exception {
        say.accept("scenario dr-failover: loss of the primary region, failover to DR through MirrorMaker 2");
        FailoverResult result = new Failover(new Failover.Regions(cluster, drCluster, mirror, pipeline, raw, clients,
                judge, this::judgeOn, rawSymbols), options.settle(), say).run();
        say.accept(String.format(java.util.Locale.ROOT, "  dr-failover: RPO %d ticks lost (%.2f s of data), %d "
                        + "predictions duplicated and %d ticks without one at the switch, RTO %.1f s; steps %s",
                result.ticksLost(), result.rpoSeconds(), result.predictionsDuplicated(),
                result.ticksWithoutPrediction(), result.rtoSeconds(), result.steps()));
        return result;
    }

    /** The DR region's cluster (the same production settings) and the mirror copying the primary into it. */
    private void startDr(Path logs) throws Exception {
        say.accept("starting the DR cluster and MirrorMaker 2 (dedicated mode, strimzi's settings)");
        drCluster = ProductionCluster.start(options.workDir().resolve("kafka-dr"), logs.resolve("dr"), 1, "256m",
                options.readyTimeout());
        owned.add(drCluster);
        mirror = DrMirror.start(cluster.bootstrapServers(), drCluster.bootstrapServers(),
                options.workDir().resolve("mirror"), logs.resolve("mirror-maker.log"));
        owned.add(mirror);
    }

    /** The gateway replicas' conflated and dropped updates so far, each running replica read now. */
    private GatewayUpdates.Count gatewayUpdates() throws InterruptedException {
        for (String gateway : Pipeline.GATEWAYS) {
            Optional<ServiceProcess> replica = pipeline.running(gateway);
            if (replica.isPresent()) {
                gatewayUpdates.read(replica.get());
            }
        }
        return gatewayUpdates.total();
    }

    /** A gateway replica about to be killed or stopped is read first: its successor counts from 0. */
    private void ending(String service, ServiceProcess process) throws InterruptedException {
        if (Pipeline.GATEWAYS.contains(service)) {
            gatewayUpdates.read(process);
        }
    }

    private PipelineJudge judgeOn(String bootstrapServers) {
        PipelineJudge created = new PipelineJudge(bootstrapServers, rawSymbols, ledger, watched);
        lives.forEach(created::simulatorLaunched);
        judges.add(created);
        owned.add(created);
        return created;
    }

    private void simulatorLaunched(long micros) {
        lives.add(micros);
        judges.forEach(j -> j.simulatorLaunched(micros));
    }

    /** Stops everything in reverse start order and drops the database corner; only the first call does anything. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        for (int i = owned.size() - 1; i >= 0; i--) {
            try {
                owned.get(i).close();
            } catch (Exception e) {
                log.warn("Could not stop {}: {}", owned.get(i), e.toString());
            }
        }
        try {
            database.drop(List.of("primary", "dr"));
        } catch (Exception e) {
            log.warn("Could not drop the drill's PostgreSQL schema {}: {}", database.name(), e.toString());
        }
    }
}
