package io.atlas.perf.bench;

import io.atlas.catalog.Topics;
import io.atlas.local.kafka.CatalogTopics;
import io.atlas.local.kafka.ForkedKafka;
import io.atlas.perf.micro.MicroBenchmarks;
import io.atlas.perf.micro.MicroResult;
import io.atlas.perf.report.Charts;

import org.apache.kafka.clients.admin.Admin;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Stream;

/**
 * {@code ./atlas bench}: on a fresh broker in its own JVM, measures bare Kafka (ProducerPerformance,
 * ConsumerPerformance), then drains one backlog of ticks with a plain consume→produce copy loop, a bare Kafka Streams
 * passthrough and inference-stream (steady state, same run), the copy loop and the passthrough at offered rates, and
 * the Atlas pipeline (simulator, scorer and gateway as separate JVMs, as {@code ./atlas up} runs them, with the load
 * generator's WebSocket clients, a JVM too) at stepped rates and both processing guarantees, and writes {@code results.json} and {@code summary.md}
 * to the output folder.
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Bare-Kafka baselines vs the Atlas pipeline on a fresh broker; writes results.json, summary.md "
                + "and charts.")
public final class BenchCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--quick", description = "Smoke check in a few minutes, COLD figures (no wait for the JIT): one "
            + "rate (5,000 ticks/s), exactly_once_v2 only, 8 s windows, small producer/consumer runs and drain "
            + "backlog, one stream thread, no flat-out step, disturbed steps marked but not rerun.")
    boolean quick;

    @Option(names = "--duration", description = "Measured window per step (default 8s with --quick, else 30s), "
            + "e.g. 45s.", converter = DurationConverter.class)
    Duration duration;

    @Option(names = "--warmup", description = "Least warm-up before each window (default 3s with --quick, else 10s); "
            + "except with --quick, warm-up also waits until every JVM's JIT compiler has gone quiet.",
            converter = DurationConverter.class)
    Duration warmup;

    @Option(names = "--max-warmup", description = "Longest warm-up; a step still compiling then is measured and "
            + "marked cold (default 12s with --quick, else 90s).", converter = DurationConverter.class)
    Duration maxWarmup;

    @Option(names = "--drain-backlog", description = "Ticks the simulator writes for the drains of the copy loop, "
            + "the Streams passthrough and the scorer (default 300000 with --quick, else 20000000: enough for the "
            + "fastest stage to warm up and measure).")
    Long drainBacklog;

    @Option(names = "--drain-threads", split = ",", description = "Stream threads of the Streams passthrough and "
            + "scorer drains (default 1 with --quick, else 1,2).")
    List<Integer> drainThreads;

    @Option(names = "--rates", split = ",", description = "Offered ticks/s, stepped in order "
            + "(default 5000 with --quick, else 10000,30000,60000,80000,100000).")
    List<Integer> rates;

    @Option(names = "--flat-out", negatable = true, description = "After the rates, run the pipeline flat out "
            + "(simulator --rate 0); default on, off with --quick.")
    Boolean flatOut;

    @Option(names = "--guarantees", split = ",", description = "Processing guarantees of the scorer and the "
            + "Streams passthrough (default exactly_once_v2 with --quick, else exactly_once_v2,at_least_once).")
    List<String> guarantees;

    @Option(names = "--clients", description = "WebSocket clients subscribed to every symbol, in the load "
            + "generator's JVM (default 1).")
    Integer clients;

    @Option(names = "--producer-records", description = "Records ProducerPerformance writes and ConsumerPerformance "
            + "reads: default 200000 with --quick, else 2000000.")
    Long producerRecords;

    @Option(names = "--no-micro", description = "Skip the JMH micro-benchmarks (always skipped with --quick).")
    boolean noMicro;

    @Option(names = "--out", description = "Results folder (default perf/results/<UTC timestamp>).")
    Path out;

    @Option(names = "--work-dir", defaultValue = "target/atlas-bench",
            description = "Broker data, service state and logs (deleted at the start), default ${DEFAULT-VALUE}.")
    Path workDir;

    public static void main(String[] args) {
        // Children run in sessions of their own (ChildJvm), so Ctrl-C reaches only this JVM: stop them with it.
        Runtime.getRuntime().addShutdownHook(new Thread(
                () -> ProcessHandle.current().descendants().forEach(ProcessHandle::destroy), "bench-stop-children"));
        System.exit(new CommandLine(new BenchCommand()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        PrintWriter log = spec.commandLine().getOut();
        Instant started = Instant.now();
        Step.Timing timing = new Step.Timing(warmup != null ? warmup : Duration.ofSeconds(quick ? 3 : 10),
                maxWarmup != null ? maxWarmup : Duration.ofSeconds(quick ? 12 : 90),
                duration != null ? duration : Duration.ofSeconds(quick ? 8 : 30), !quick);
        SteadyDrain.Timing drainTiming = new SteadyDrain.Timing(Duration.ofSeconds(quick ? 3 : 5),
                timing.maxWarmup(), timing.window(), timing.waitForJit());
        long backlog = drainBacklog != null ? drainBacklog : quick ? 300_000 : 20_000_000;
        List<Integer> threads = drainThreads != null ? drainThreads : quick ? List.of(1) : List.of(1, 2);
        List<Integer> offered = rates != null ? rates : quick ? List.of(5_000) : List.of(10_000, 30_000, 60_000,
                80_000, 100_000);
        List<Integer> pipelineRates = new ArrayList<>(offered);
        if (flatOut != null ? flatOut : !quick) {
            pipelineRates.add(0);
        }
        List<String> runGuarantees = guarantees != null ? guarantees : quick ? List.of(BenchReport.EXACTLY_ONCE_V2)
                : List.of(BenchReport.EXACTLY_ONCE_V2, BenchReport.AT_LEAST_ONCE);
        int wsClients = clients != null ? clients : 1;
        long records = producerRecords != null ? producerRecords : quick ? 200_000 : 2_000_000;
        int streamsRate = offered.contains(BenchReport.REFERENCE_RATE) ? BenchReport.REFERENCE_RATE : offered.get(0);
        Path results = out != null ? out : Path.of("perf", "results",
                DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC).format(started));
        String loadBefore = loadAverage();
        deleteRecursively(workDir);
        Path logs = workDir.resolve("logs");

        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("rates", offered + (pipelineRates.contains(0) ? " then flat out (pipeline)" : ""));
        settings.put("guarantees", runGuarantees.toString());
        settings.put("window", timing.window().toString());
        settings.put("warmup", "at least " + timing.warmup() + ", until three seconds in a row deliver 90-110 % of "
                + "the offered rate" + (timing.waitForJit() ? " and every JVM's JIT compiler used under "
                + JitCompilation.SETTLED_CORES + " cores" : " (JIT not waited for: cold figures)") + ", at most "
                + timing.maxWarmup());
        settings.put("drains", backlog + " simulated ticks on " + Topics.TICKS.name() + ", drained from their start by "
                + "each stage with a group of its own; window from JIT settled (at least " + drainTiming.minWarmup()
                + ") for at most " + drainTiming.window() + " or to 95 % of the backlog; stream threads " + threads);
        settings.put("wsClients", Integer.toString(wsClients));
        settings.put("producerPerformance.records", Long.toString(records));
        settings.put("recordSize", TickSource.RECORD_SIZE + " B");
        settings.put("baseline.partitions", Integer.toString(BaselineRuns.PARTITIONS));
        settings.put("ticks.partitions", Integer.toString(Topics.TICKS.partitions()));
        settings.put("producer", ProducerSettings.settings().toString() + " (ingest's publisher defaults; every "
                + "baseline producer and the simulator)");
        settings.put("streams", "the scorer's own Streams settings (InferenceApp.streamsProperties) for the "
                + "passthrough and the scorer alike");
        settings.put("streamsPassthrough.rate", Integer.toString(streamsRate));
        settings.put("pipeline.latency", "prediction visible to a read_committed consumer - tick exchangeTimeMicros");
        settings.put("pipeline.wsLatency", "live data frame received by a WebSocket client - tick exchangeTimeMicros");
        settings.put("baseline.latency", "copy visible to a consumer - send time stamped in the record");
        settings.put("sustained", "steady warm-up, achieved >= 95 % of offered (flat out: of written), lag grew "
                + "< 1 s of it");
        settings.put("disturbed", "other programs used > " + PhaseResult.DISTURBANCE_CORES + " cores"
                + (quick ? " (not rerun: --quick)" : " (rerun once, both kept)"));

        List<PhaseResult> phases = new ArrayList<>();
        ProducerBaseline producer;
        ConsumerBaseline consumer;
        List<DrainResult> drains;
        say(log, "starting a Kafka broker (own JVM)");
        try (ForkedKafka kafka = ForkedKafka.start(new ForkedKafka.Options(workDir.resolve("kafka"),
                logs.resolve("kafka.log"), 0, "1g", Duration.ofSeconds(90)));
             Admin admin = kafka.admin()) {
            // A smoke check keeps its two minutes: a disturbed step is marked, not rerun.
            BenchContext bench = new BenchContext(kafka, admin, logs, timing, log, !quick);
            CatalogTopics.create(admin, Topics.all());
            BaselineRuns baselines = new BaselineRuns(bench);
            baselines.createTopics(offered, runGuarantees, streamsRate);

            bench.say("baseline: ProducerPerformance, " + records + " records of " + TickSource.RECORD_SIZE + " B");
            producer = baselines.producerPerformance(records);
            log.printf(Locale.ROOT, "  %.0f records/s, p99 %.0f ms%n", producer.recordsPerSecond(), producer.p99Ms());
            bench.say("baseline: ConsumerPerformance reading them");
            consumer = baselines.consumerPerformance(records);
            log.printf(Locale.ROOT, "  %.0f records/s, %.1f MB/s%n", consumer.recordsPerSecond(),
                    consumer.mbPerSecond());
            PipelineServices services = new PipelineServices(bench, workDir);
            services.prepare();
            drains = new BacklogDrains(bench, services, drainTiming).run(backlog, runGuarantees, threads);
            for (int rate : offered) {
                bench.say("baseline: copy loop at " + rate + " records/s for " + timing.window().toSeconds() + " s");
                phases.addAll(baselines.copyLoopAt(rate));
            }
            for (String guarantee : runGuarantees) {
                bench.say("baseline: Streams passthrough at " + guarantee + ", " + streamsRate + " records/s");
                phases.addAll(baselines.streamsAt(guarantee, streamsRate));
            }
            phases.addAll(new PipelineRuns(bench, services).run(runGuarantees, pipelineRates, wsClients));
        }
        List<MicroResult> micro = List.of();
        if (!quick && !noMicro) {
            say(log, "micro-benchmarks (JMH), the broker stopped");
            micro = MicroBenchmarks.run(results, false);
        }
        BenchReport report = new BenchReport(started, Instant.now(), machine(), settings, producer, consumer,
                drains, phases, loadBefore, loadAverage(), micro);
        ReportWriter.writeJson(report, results);
        List<String> charts = new ArrayList<>();
        try {
            Charts.write(results).forEach(chart -> charts.add(chart.getFileName().toString()));
        } catch (IOException | RuntimeException e) {
            say(log, "could not draw the charts: " + e);
        }
        ReportWriter.writeMarkdown(report, charts, results);
        say(log, "wrote " + results.resolve(ReportWriter.JSON_FILE) + ", " + ReportWriter.MARKDOWN_FILE + " and "
                + charts.size() + " charts in " + Duration.between(started, Instant.now()).toSeconds() + " s");
        log.println();
        log.print(ReportWriter.markdown(report, charts));
        log.flush();
        return 0;
    }

    private static void say(PrintWriter log, String message) {
        log.printf(Locale.ROOT, "[%s] %s%n", Instant.now().toString().substring(11, 19), message);
        log.flush();
    }

    static Map<String, String> machine() {
        Map<String, String> machine = new LinkedHashMap<>();
        machine.put("cores", Integer.toString(Runtime.getRuntime().availableProcessors()));
        machine.put("cpu", cpuModel());
        machine.put("memory", memTotal());
        machine.put("java.version", System.getProperty("java.version"));
        machine.put("java.vm", System.getProperty("java.vm.name") + " " + System.getProperty("java.vm.version"));
        machine.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version") + " "
                + System.getProperty("os.arch"));
        machine.put("kafka.clients", org.apache.kafka.common.utils.AppInfoParser.getVersion());
        machine.put("bench.jvm", ManagementFactory.getRuntimeMXBean().getInputArguments().toString());
        machine.put("atlas.commit", commit());
        return machine;
    }

    private static String cpuModel() {
        try {
            return Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("model name"))
                    .map(l -> l.substring(l.indexOf(':') + 1).trim()).findFirst().orElse("unknown");
        } catch (IOException e) {
            return "unknown";
        }
    }

    /** The checkout the figures belong to, "+changes" when it differs from that commit; "unknown" without git. */
    private static String commit() {
        try {
            String head = git("rev-parse", "--short=12", "HEAD");
            return git("status", "--porcelain", "--untracked-files=no").isEmpty() ? head : head + "+changes";
        } catch (IOException e) {
            return "unknown";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "unknown";
        }
    }

    private static String git(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("git"));
        command.addAll(List.of(args));
        Process git = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(git.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).trim();
        if (git.waitFor() != 0) {
            throw new IOException("git " + String.join(" ", args) + ": " + out);
        }
        return out;
    }

    private static String memTotal() {
        try {
            return Files.readAllLines(Path.of("/proc/meminfo")).stream().filter(l -> l.startsWith("MemTotal:"))
                    .map(l -> l.substring("MemTotal:".length()).trim()).findFirst().orElse("unknown");
        } catch (IOException e) {
            return "unknown";
        }
    }

    static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).trim();
        } catch (IOException e) {
            return "unknown";
        }
    }

    static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }

    /** Parses {@code 20s}, {@code 2m} or an ISO-8601 duration. */
    static final class DurationConverter implements CommandLine.ITypeConverter<Duration> {
        @Override
        public Duration convert(String value) {
            String v = value.trim().toLowerCase(Locale.ROOT);
            if (v.endsWith("ms")) {
                return Duration.ofMillis(Long.parseLong(v.substring(0, v.length() - 2)));
            }
            if (v.endsWith("s")) {
                return Duration.ofSeconds(Long.parseLong(v.substring(0, v.length() - 1)));
            }
            if (v.endsWith("m")) {
                return Duration.ofMinutes(Long.parseLong(v.substring(0, v.length() - 1)));
            }
            return Duration.parse(value);
        }
    }
}
