package io.atlas.drill;

import io.atlas.drill.report.DrillReport;
import io.atlas.drill.report.FailoverResult;
import io.atlas.drill.report.ScenarioResult;
import io.atlas.drill.scenario.Scenario;
import io.atlas.drill.scenario.Scenarios;
import io.atlas.inference.stream.InferenceConfig;
import io.atlas.ingest.DurationConverter;

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
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.stream.Stream;

/**
 * {@code ./atlas drill}: runs the whole pipeline on a 3-broker KRaft cluster with the production settings, puts it
 * through the chosen scenarios one after another, judges each by counting every tick, and writes
 * {@code drill/results/<time>/results.json} and {@code summary.md}.
 */
@Command(name = "drill", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Reliability drills: broker restarts, kill -9 of every service, a frozen broker, gateway kill "
                + "and drain, and a DR failover through MirrorMaker 2, each judged by counting every tick.",
                "Needs PostgreSQL (wal_level=logical, role atlas/atlas) on 127.0.0.1:5432 and Redis on "
                        + "127.0.0.1:6379, as ./atlas test prepares them."})
public final class DrillCommand implements Callable<Integer> {

    static final String DR_FAILOVER = "dr-failover";

    @Spec
    CommandSpec spec;

    @Option(names = "--scenarios", split = ",", paramLabel = "NAME",
            description = "Scenarios to run, in order (default: all). Known: ${COMPLETION-CANDIDATES}.",
            completionCandidates = ScenarioNames.class)
    List<String> scenarios;

    @Option(names = "--rate", defaultValue = "5000", description = "Simulated ticks per second (default ${DEFAULT-VALUE}).")
    int rate;

    @Option(names = "--raw-rate", defaultValue = "200",
            description = "JSON ticks per second an outside producer writes to atlas.ticks.raw (default ${DEFAULT-VALUE}).")
    int rawRate;

    @Option(names = "--clients", defaultValue = "4", description = "Resuming WebSocket clients (default ${DEFAULT-VALUE}).")
    int clients;

    @Option(names = "--guarantee", defaultValue = InferenceConfig.EXACTLY_ONCE_V2,
            description = "The scorer's processing guarantee: exactly_once_v2 or at_least_once (default ${DEFAULT-VALUE}).")
    String guarantee;

    @Option(names = "--controllers", defaultValue = "3", description = "KRaft controllers (default ${DEFAULT-VALUE}).")
    int controllers;

    @Option(names = "--broker-heap", defaultValue = "384m", description = "Heap of each broker (default ${DEFAULT-VALUE}).")
    String brokerHeap;

    @Option(names = "--observe", defaultValue = "15s", converter = DurationConverter.class,
            description = "How long each scenario watches after a disturbance, and a killed broker stays down (default ${DEFAULT-VALUE}).")
    Duration observe;

    @Option(names = "--pause", defaultValue = "50s", converter = DurationConverter.class,
            description = "How long a broker stays frozen (SIGSTOP): beyond the 45 s consumer session timeout (default ${DEFAULT-VALUE}).")
    Duration pause;

    @Option(names = "--settle", defaultValue = "120s", converter = DurationConverter.class,
            description = "How long a scenario's ticks may take to be predicted after it ends before the rest count as lost (default ${DEFAULT-VALUE}).")
    Duration settle;

    @Option(names = "--train-ticks", defaultValue = "20000", description = "Ticks the first model trains on (default ${DEFAULT-VALUE}).")
    int trainTicks;

    @Option(names = "--output", description = "Results folder (default: drill/results/<time>).")
    Path output;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        Path home = Path.of(System.getProperty("atlas.home", "."));
        String started = DateTimeFormatter.ofPattern("yyyy-MM-dd-HHmm").withZone(ZoneOffset.UTC).format(Instant.now());
        Path results = output != null ? output : home.resolve("drill").resolve("results").resolve(started);
        List<String> names = scenarios == null ? Scenarios.defaultsWithFailover() : scenarios;
        boolean failover = names.contains(DR_FAILOVER);
        List<Scenario> chosen = Scenarios.named(names.stream().filter(n -> !n.equals(DR_FAILOVER)).toList());
        String runId = UUID.randomUUID().toString().replace("-", "").substring(0, 10);
        Path work = home.resolve(".run").resolve("drill-" + runId);
        DrillRun.Options options = new DrillRun.Options(work, guarantee, rate, rawRate, 450, clients, controllers,
                brokerHeap, trainTicks, observe, pause, settle, Duration.ofMinutes(5), failover);
        Map<String, Object> machine = machine(home);
        List<ScenarioResult> done = new ArrayList<>();
        FailoverResult failed = null;
        DrillRun run = new DrillRun(options, runId, message -> say(out, message));
        // Ctrl-C (or a SIGTERM) must not leave brokers and services behind: they run in sessions of their own.
        Thread stop = new Thread(run::close, "drill-shutdown");
        Runtime.getRuntime().addShutdownHook(stop);
        try (run) {
            run.start();
            for (Scenario scenario : chosen) {
                done.add(run.run(scenario));
            }
            if (failover) {
                failed = run.failover();
            }
        } finally {
            machine.put("loadAverageAfter", ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
            new DrillReport(started, "./atlas drill " + String.join(" ", spec.commandLine().getParseResult()
                    .originalArgs()), machine, settings(options, names), done, failed).write(results);
            say(out, "results in " + results);
            deleteData(work.resolve("kafka"));
            deleteData(work.resolve("kafka-dr"));
            Runtime.getRuntime().removeShutdownHook(stop);
        }
        return done.stream().allMatch(ScenarioResult::met) && (failed == null || failed.met()) ? 0 : 1;
    }

    private static Map<String, Object> settings(DrillRun.Options options, List<String> names) {
        Map<String, Object> settings = new LinkedHashMap<>();
        settings.put("scenarios", names);
        settings.put("guarantee", options.guarantee());
        settings.put("simulatedTicksPerSecond", options.rate());
        settings.put("rawTicksPerSecond", options.rawRate());
        settings.put("webSocketClients", options.clients());
        settings.put("controllers", options.controllers());
        settings.put("brokerHeap", options.brokerHeap());
        settings.put("observeSeconds", options.observe().toSeconds());
        settings.put("pauseSeconds", options.pause().toSeconds());
        return settings;
    }

    private static Map<String, Object> machine(Path home) {
        Map<String, Object> machine = new LinkedHashMap<>();
        var os = ManagementFactory.getOperatingSystemMXBean();
        machine.put("cores", Runtime.getRuntime().availableProcessors());
        if (os instanceof com.sun.management.OperatingSystemMXBean bean) {
            machine.put("memoryGiB", Math.round(bean.getTotalMemorySize() / (1024.0 * 1024 * 1024) * 10) / 10.0);
        }
        machine.put("java", System.getProperty("java.vm.name") + " " + System.getProperty("java.version"));
        machine.put("os", os.getName() + " " + os.getVersion() + " " + os.getArch());
        machine.put("loadAverageBefore", os.getSystemLoadAverage());
        machine.put("atlasCommit", commit(home));
        return machine;
    }

    private static String commit(Path home) {
        try {
            Process git = new ProcessBuilder("git", "-C", home.toString(), "rev-parse", "--short=12", "HEAD")
                    .redirectErrorStream(true).start();
            String commit = new String(git.getInputStream().readAllBytes()).trim();
            return git.waitFor() == 0 ? commit : "unknown";
        } catch (IOException | InterruptedException e) {
            return "unknown";
        }
    }

    private static void deleteData(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }

    private static void say(PrintWriter out, String message) {
        out.printf(Locale.ROOT, "[%s] %s%n", Instant.now().toString().substring(11, 19), message);
        out.flush();
    }

    /** The scenario names --scenarios knows, for the help text. */
    static final class ScenarioNames extends ArrayList<String> {
        ScenarioNames() {
            super(Scenarios.defaultsWithFailover());
            add(1, "broker-restart");
        }
    }

    public static void main(String[] args) {
        System.exit(new CommandLine(new DrillCommand()).execute(args));
    }
}
