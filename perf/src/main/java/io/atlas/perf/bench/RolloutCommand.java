package io.atlas.perf.bench;

import io.atlas.catalog.Applications;
import io.atlas.catalog.ReleaseKey;
import io.atlas.catalog.Topics;
import io.atlas.events.ModelRelease;
import io.atlas.events.ReleaseStatus;
import io.atlas.gateway.server.GatewayConfig;
import io.atlas.inference.stream.InferenceConfig;
import io.atlas.ingest.cdc.CdcConfig;
import io.atlas.ingest.cdc.EmbeddedDatabase;
import io.atlas.ingest.cdc.PgTarget;
import io.atlas.ingest.release.ModelReleases;
import io.atlas.ingest.release.NewRelease;
import io.atlas.ingest.simulate.SimulatedInstrument;
import io.atlas.ingest.simulate.SimulatedInstruments;
import io.atlas.local.kafka.CatalogTopics;
import io.atlas.local.kafka.ForkedKafka;
import io.atlas.local.kafka.FreePort;
import io.atlas.perf.trace.ServingModel;
import io.atlas.schemas.serde.ContractSerdes;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.MemberDescription;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;

/**
 * {@code ./atlas bench rollout}: how long a model release change takes from its commit in PostgreSQL to every scorer
 * instance serving it and to the first WebSocket frame carrying it. On a fresh broker (own JVM) it starts, as
 * {@code ./atlas up} does, ingest-cdc on its embedded PostgreSQL, the simulator, ws-gateway and two inference-stream
 * instances of one application (separate JVMs, distinct instance ids), and a WebSocket client here subscribed to every
 * symbol; releases two versions of the model through the release commands' code ({@link ModelReleases}), then
 * activates them in turn, a change every {@code --interval}, and writes {@code results.json} and {@code summary.md}.
 *
 * <p>Every time is measured from the commit as CDC stamps it on the release record: to that record reaching this
 * bench's consumer, to each instance scoring with it (each scorer's own rollout timer, read from its meters: the
 * instances split the ticks by partition, so each must have swapped before the change is served everywhere), and to
 * the first live frame of the new version scored after the change started.
 */
@Command(name = "rollout", mixinStandardHelpOptions = true,
        description = "Model release rollout on a fresh broker, two scorer instances and a WebSocket client: commit "
                + "in PostgreSQL to every instance serving it and to the first WebSocket frame; writes results.json "
                + "and summary.md.")
public final class RolloutCommand implements Callable<Integer> {

    static final List<String> INSTANCES = List.of("scorer-a", "scorer-b");
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final Duration START_TIMEOUT = Duration.ofMinutes(3);
    private static final Duration POLL = Duration.ofMillis(20);

    @Spec
    CommandSpec spec;

    @Option(names = "--changes", defaultValue = "40", description = "Release changes measured (default "
            + "${DEFAULT-VALUE}).")
    int changes;

    @Option(names = "--warmup-changes", defaultValue = "5", description = "Release changes made first and not "
            + "measured, so that class loading and the JIT's first compilations are not (default ${DEFAULT-VALUE}).")
    int warmupChanges;

    @Option(names = "--interval", defaultValue = "1s", converter = BenchCommand.DurationConverter.class,
            description = "Time from one change's start to the next's (default ${DEFAULT-VALUE}).")
    Duration interval;

    @Option(names = "--rate", defaultValue = "1000", description = "Simulated ticks/s meanwhile, as ./atlas up runs "
            + "(default ${DEFAULT-VALUE}).")
    int rate;

    @Option(names = "--guarantee", defaultValue = BenchReport.EXACTLY_ONCE_V2, description = "The scorers' "
            + "processing guarantee (default ${DEFAULT-VALUE}, as ./atlas up runs).")
    String guarantee;

    @Option(names = "--out", description = "Results folder (default perf/results/<UTC date>-rollout).")
    Path out;

    @Option(names = "--work-dir", defaultValue = "target/atlas-rollout",
            description = "Broker data, service state and logs (deleted at the start), default ${DEFAULT-VALUE}.")
    Path workDir;

    public static void main(String[] args) {
        // Children run in sessions of their own (ChildJvm), so Ctrl-C reaches only this JVM: stop them with it.
        Runtime.getRuntime().addShutdownHook(new Thread(
                () -> ProcessHandle.current().descendants().forEach(ProcessHandle::destroy), "rollout-stop-children"));
        System.exit(new CommandLine(new RolloutCommand()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        PrintWriter log = spec.commandLine().getOut();
        Instant started = Instant.now();
        Path results = out != null ? out : Path.of("perf", "results",
                DateTimeFormatter.ofPattern("yyyy-MM-dd").withZone(ZoneOffset.UTC).format(started) + "-rollout");
        String loadBefore = BenchCommand.loadAverage();
        BenchCommand.deleteRecursively(workDir);
        Path logs = workDir.resolve("logs");
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("changes", changes + " measured after " + warmupChanges + " unmeasured, one every " + interval
                + ": " + ServingModel.MODEL_ID + " v2 and v1 activated in turn (release activate's code), each "
                + "retiring the other in its transaction");
        settings.put("scorers", INSTANCES.size() + " inference-stream JVMs of one application ("
                + InferenceConfig.INSTANCE_ID + " " + INSTANCES + "), " + guarantee + ", "
                + InferenceConfig.DEFAULT_NUM_THREADS + " stream thread each, splitting " + Topics.TICKS.partitions()
                + " partitions of " + Topics.TICKS.name());
        settings.put("ticks", rate + "/s from ingest-simulate over " + SimulatedInstruments.DEFAULT_COUNT
                + " symbols");
        settings.put("cdc", "ingest-cdc on its embedded PostgreSQL, its defaults (poll interval "
                + CdcConfig.DEFINITION.defaultValues().get(CdcConfig.POLL_INTERVAL_MS) + " ms)");
        settings.put("topic", Topics.MODEL_RELEASES.name());
        settings.put("webSocket", "one client subscribed to * (live model), first live frame of the new version "
                + "scored after the change started");
        settings.put("commit", "the release record's timestamp: the commit time in PostgreSQL, set by CDC");

        List<RolloutReport.Change> measured = new ArrayList<>();
        RolloutReport.Cpu cpu;
        say(log, "starting a Kafka broker (own JVM)");
        try (ForkedKafka kafka = ForkedKafka.start(new ForkedKafka.Options(workDir.resolve("kafka"),
                logs.resolve("kafka.log"), 0, "1g", Duration.ofSeconds(90)));
             Admin admin = kafka.admin()) {
            CatalogTopics.create(admin, Topics.all());
            BenchContext bench = new BenchContext(kafka, admin, logs, null, log, false);
            Run run = new Run(bench, new PipelineServices(bench, workDir));
            measured.addAll(run.measure());
            cpu = run.cpu;
        }
        RolloutReport report = new RolloutReport(started, Instant.now(), BenchCommand.machine(), settings,
                loadBefore, BenchCommand.loadAverage(), INSTANCES, measured, cpu);
        report.write(results);
        say(log, "wrote " + results.resolve(ReportWriter.JSON_FILE) + " and " + ReportWriter.MARKDOWN_FILE);
        log.println();
        log.print(report.markdown());
        log.flush();
        return 0;
    }

    /** One run's services and measurements. */
    private final class Run {
        private final BenchContext bench;
        private final PipelineServices services;
        private final String applicationId = PipelineServices.SCORER_GROUP + "-rollout";
        private RolloutReport.Cpu cpu;

        Run(BenchContext bench, PipelineServices services) {
            this.bench = bench;
            this.services = services;
        }

        List<RolloutReport.Change> measure() throws Exception {
            int pgPort = FreePort.find();
            bench.say("ingest-cdc on an embedded PostgreSQL, seeding " + SimulatedInstruments.DEFAULT_COUNT
                    + " instruments");
            try (BenchContext.Child cdc = services.ingestCdc(Applications.INGEST_CDC.name(), Map.of(
                    CdcConfig.PG_EMBEDDED_PORT, Integer.toString(pgPort),
                    CdcConfig.SEED_INSTRUMENTS, Integer.toString(SimulatedInstruments.DEFAULT_COUNT)));
                 KafkaConsumer<byte[], byte[]> releaseRecords = Measurement.openAtEnd(bench.client(), bench.admin(),
                         Topics.MODEL_RELEASES.name(), false)) {
                ModelReleases releases = new ModelReleases(PgTarget.of("jdbc:postgresql://127.0.0.1:" + pgPort + "/"
                        + EmbeddedDatabase.DATABASE, "atlas", "atlas", "public"));
                releaseTwoVersions(releases);
                return withServices(releases, releaseRecords, cdc);
            }
        }

        /**
         * v1 ACTIVE as ingest-cdc releases a scorer's first-start model, v2 (other training data, so other bytes) as
         * {@code release publish --shadow} does.
         */
        private void releaseTwoVersions(ModelReleases releases) throws Exception {
            bench.say("training two models and releasing them through PostgreSQL: v1 ACTIVE, v2 SHADOW");
            List<SimulatedInstrument> instruments = SimulatedInstruments.first(SimulatedInstruments.DEFAULT_COUNT);
            releases.releaseProposal(ServingModel.trained(instruments, 0, 7));
            ModelRelease second = ServingModel.trained(instruments, 0, 11);
            releases.publish(new NewRelease(second.getModelId(), null, second.getAlgorithm(), second.getFeatures(),
                    second.getHorizonTicks(), bytes(second.getModel()), second.getMetrics(), true));
        }

        private List<RolloutReport.Change> withServices(ModelReleases releases,
                                                        KafkaConsumer<byte[], byte[]> releaseRecords,
                                                        BenchContext.Child cdc) throws Exception {
            int wsPort = FreePort.find();
            Map<String, String> gatewayEnv = services.serviceEnv();
            gatewayEnv.put(GatewayConfig.PORT, Integer.toString(wsPort));
            gatewayEnv.put(GatewayConfig.AUTH, "none");
            VersionWatch watch = new VersionWatch();
            List<BenchContext.Child> scorers = new ArrayList<>();
            List<ScorerRollouts> meters = new ArrayList<>();
            bench.say("ingest-simulate at " + rate + " ticks/s, ws-gateway with a WebSocket client, "
                    + INSTANCES.size() + " scorers of " + applicationId);
            try (BenchContext.Child simulator = services.simulator("rollout", rate, 0);
                 BenchContext.Child gateway = services.start(Applications.WS_GATEWAY,
                         Applications.WS_GATEWAY.name(), List.of(), gatewayEnv);
                 WsClients ws = new WsClients(URI.create("ws://127.0.0.1:" + wsPort + "/ws"), 1, watch)) {
                for (String instance : INSTANCES) {
                    int opsPort = FreePort.find();
                    Map<String, String> env = services.scorerEnv(guarantee, applicationId,
                            InferenceConfig.DEFAULT_NUM_THREADS, opsPort);
                    env.put(InferenceConfig.INSTANCE_ID, instance);
                    env.put(InferenceConfig.STATE_DIR, workDir.resolve("inference-state").resolve(instance)
                            .toAbsolutePath().toString());
                    scorers.add(services.start(Applications.INFERENCE_STREAM, instance, List.of(), env));
                    meters.add(new ScorerRollouts(instance, opsPort));
                    bench.awaitReady(scorers.get(scorers.size() - 1), opsPort);
                }
                Runnable alive = () -> {
                    cdc.ensureAlive("carrying release changes");
                    simulator.ensureAlive("simulating");
                    gateway.ensureAlive("fanning out");
                    scorers.forEach(s -> s.ensureAlive("scoring"));
                    ws.ensureAlive();
                };
                awaitBothScoring(meters, watch, alive);
                List<ProcessUsage.Watched> watched = bench.watched(cdc, simulator, gateway, scorers.get(0),
                        scorers.get(1));
                List<ProcessUsage.Sample> samples = new ArrayList<>();
                double machineBusyAtStart = 0;
                long measuredFrom = 0;
                List<RolloutReport.Change> measured = new ArrayList<>();
                for (int i = 0; i < warmupChanges + changes; i++) {
                    long start = System.nanoTime();
                    if (i == warmupChanges) {
                        watched.forEach(w -> samples.add(w.sample()));
                        machineBusyAtStart = MachineCpu.busySeconds();
                        measuredFrom = start;
                    }
                    RolloutReport.Change change = change(i - warmupChanges + 1, i % 2 == 0 ? 2 : 1, releases,
                            releaseRecords, meters, watch, alive);
                    if (i >= warmupChanges) {
                        measured.add(change);
                    }
                    bench.say(String.format(Locale.ROOT, "%s v%d: CDC %.1f ms, instances %s ms, WebSocket %.1f ms",
                            i < warmupChanges ? "warm-up" : "change " + change.index(), change.version(),
                            change.cdcMs(), change.instanceMs(), change.wsMs()));
                    long left = start + interval.toNanos() - System.nanoTime();
                    if (left > 0) {
                        TimeUnit.NANOSECONDS.sleep(left);
                    }
                }
                double seconds = (System.nanoTime() - measuredFrom) / 1e9;
                List<ProcessUsage> usage = samples.stream().map(sample -> sample.until(seconds)).toList();
                double machineBusy = MachineCpu.busySeconds() - machineBusyAtStart;
                double own = usage.stream().mapToDouble(ProcessUsage::cpuSeconds).sum();
                cpu = new RolloutReport.Cpu(seconds, machineBusy / seconds,
                        MachineCpu.otherCores(machineBusy, own, seconds), usage);
                return measured;
            } finally {
                scorers.forEach(BenchContext.Child::close);
                bench.emptyGroup(applicationId);
            }
        }

        /**
         * Waits until both instances hold partitions of the application's group with v1 live, and a live frame of v1
         * has reached the WebSocket client: the rollouts measured then are of a settled pipeline.
         */
        private void awaitBothScoring(List<ScorerRollouts> meters, VersionWatch watch, Runnable alive)
                throws Exception {
            watch.expect(1, 0);
            long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
            while (!bothAssigned() || !allServing(meters, 1)) {
                alive.run();
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("the two scorers did not both score v1 within " + START_TIMEOUT
                            + "; see their logs in " + bench.logs());
                }
                Thread.sleep(200);
            }
            watch.awaitFirst(START_TIMEOUT);
        }

        private boolean bothAssigned() throws Exception {
            ConsumerGroupDescription group = bench.admin().describeConsumerGroups(List.of(applicationId)).all()
                    .get(30, TimeUnit.SECONDS).get(applicationId);
            return group.members().size() == INSTANCES.size() && group.members().stream()
                    .map(MemberDescription::assignment).allMatch(a -> !a.topicPartitions().isEmpty());
        }

        private static boolean allServing(List<ScorerRollouts> meters, int version) throws Exception {
            for (ScorerRollouts scorer : meters) {
                if (scorer.read().version() != version) {
                    return false;
                }
            }
            return true;
        }

        /** Activates {@code version} and measures its way to every scorer and the WebSocket client. */
        private RolloutReport.Change change(int index, int version, ModelReleases releases,
                                            KafkaConsumer<byte[], byte[]> releaseRecords, List<ScorerRollouts> meters,
                                            VersionWatch watch, Runnable alive) throws Exception {
            List<ScorerRollouts.Reading> before = new ArrayList<>();
            for (ScorerRollouts scorer : meters) {
                before.add(scorer.read());
            }
            long startMicros = Measurement.nowMicros();
            watch.expect(version, startMicros);
            releases.activate(ServingModel.MODEL_ID, version);
            ConsumerRecord<byte[], byte[]> record = awaitActive(releaseRecords, version, startMicros / 1000, alive);
            long seenMicros = Measurement.nowMicros();
            long commitMillis = record.timestamp();
            List<Double> instanceMs = new ArrayList<>();
            for (int i = 0; i < meters.size(); i++) {
                instanceMs.add(awaitRollout(meters.get(i), before.get(i), alive));
            }
            long frameMicros = watch.awaitFirst(WAIT);
            return new RolloutReport.Change(index, version, commitMillis, seenMicros / 1000.0 - commitMillis,
                    instanceMs, frameMicros / 1000.0 - commitMillis);
        }

        /**
         * The release record stating {@code version} ACTIVE, as CDC wrote it for a commit at or after
         * {@code fromMillis} (an earlier one of the same version, read late from another partition, is not this
         * change's).
         */
        private ConsumerRecord<byte[], byte[]> awaitActive(KafkaConsumer<byte[], byte[]> releaseRecords, int version,
                                                           long fromMillis, Runnable alive) {
            String key = ReleaseKey.of(ServingModel.MODEL_ID, version);
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (System.nanoTime() < deadline) {
                for (ConsumerRecord<byte[], byte[]> record : releaseRecords.poll(POLL)) {
                    if (record.value() != null && record.timestamp() >= fromMillis
                            && key.equals(new String(record.key(), StandardCharsets.UTF_8))
                            && ContractSerdes.modelRelease().decode(record).getStatus() == ReleaseStatus.ACTIVE) {
                        return record;
                    }
                }
                alive.run();
            }
            throw new IllegalStateException("CDC wrote no record of " + key + " ACTIVE within " + WAIT);
        }

        /** This change's rollout time on one scorer: its timer's total grown by the one rollout it recorded. */
        private static double awaitRollout(ScorerRollouts scorer, ScorerRollouts.Reading before, Runnable alive)
                throws Exception {
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (System.nanoTime() < deadline) {
                ScorerRollouts.Reading now = scorer.read();
                if (now.count() > before.count()) {
                    if (now.count() != before.count() + 1) {
                        throw new IllegalStateException(scorer.name() + " timed " + (now.count() - before.count())
                                + " rollouts for one release change");
                    }
                    // The scorer records whole milliseconds: the difference of two sums in seconds, rounded back.
                    return Math.round((now.seconds() - before.seconds()) * 1000);
                }
                alive.run();
                Thread.sleep(POLL.toMillis());
            }
            throw new IllegalStateException(scorer.name() + " timed no rollout within " + WAIT);
        }
    }

    private static byte[] bytes(ByteBuffer buffer) {
        byte[] copy = new byte[buffer.remaining()];
        buffer.duplicate().get(copy);
        return copy;
    }

    private static void say(PrintWriter log, String message) {
        log.printf(Locale.ROOT, "[%s] %s%n", Instant.now().toString().substring(11, 19), message);
        log.flush();
    }
}
