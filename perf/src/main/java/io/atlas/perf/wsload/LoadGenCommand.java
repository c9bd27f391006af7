package io.atlas.perf.wsload;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;
import io.atlas.catalog.Topics;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;

/**
 * {@code ./atlas loadgen}: WebSocket clients of the gateway in a JVM of their own. Opens N connections at a set rate
 * with a subscription mix, optionally produces predictions of its own, measures a window (updates and frames per
 * second, latency from each prediction's stamp to receipt, the gateway's CPU per million updates and per thread,
 * everyone's CPU) after a warm-up, then checks every client for gaps and duplicates, and writes
 * {@code loadgen.json} and {@code loadgen.md}. With {@code --control} it holds the clients and measures windows on
 * command (stdin), which is how another program (the bench) uses it as its client side.
 */
@Command(name = "loadgen", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"WebSocket load against the ws-gateway from a JVM of its own.",
                "Target: --url (with --gateway-pid for CPU and heap), else the running ./atlas up, or "
                        + "--start-gateway for a broker and gateway of its own."})
public final class LoadGenCommand implements Callable<Integer> {

    @Option(names = "--url", description = "WebSocket endpoint, e.g. ws://127.0.0.1:8088/ws. Default: the gateway "
            + "of the running ./atlas up.")
    URI url;
    @Option(names = "--gateway-pid", description = "Pid of the gateway process (its CPU and heap), with --url.")
    Long gatewayPid;
    @Option(names = "--gateway-metrics", description = "The gateway's /metrics URL (its own meters), with --url.")
    URI gatewayMetrics;
    @Option(names = "--bootstrap", description = "Kafka bootstrap servers of the gateway's broker, with --url "
            + "(for --produce-rate).")
    String bootstrap;
    @Option(names = "--run-dir", description = "Run folder of ./atlas up (default: $ATLAS_RUN_DIR, else .run).")
    Path runDir;
    @Option(names = "--start-gateway", description = "Start a broker and a gateway (each its own JVM) for this run.")
    boolean startGateway;
    @Option(names = "--gateway-home", defaultValue = ".", description = "Checkout whose ws-gateway/target runs with "
            + "--start-gateway (default: this one), e.g. a git worktree of an older commit for a baseline.")
    Path gatewayHome;
    @Option(names = "--gateway-heap", defaultValue = "1g", description = "-Xmx of the started gateway (${DEFAULT-VALUE}).")
    String gatewayHeap;
    @Option(names = "--gateway-env", description = "KEY=VALUE for the started gateway's environment (repeatable).")
    Map<String, String> gatewayEnv = new LinkedHashMap<>();
    @Option(names = "--gateway-jvm", description = "An extra JVM option of the started gateway (repeatable), e.g. "
            + "-XX:StartFlightRecording=filename=gw.jfr,settings=profile.")
    List<String> gatewayJvm = new java.util.ArrayList<>();
    @Option(names = "--work-dir", defaultValue = "target/atlas-loadgen", description = "Broker data and logs of "
            + "--start-gateway (${DEFAULT-VALUE}).")
    Path workDir;

    @Option(names = "--clients", defaultValue = "100", description = "WebSocket connections (${DEFAULT-VALUE}).")
    int clients;
    @Option(names = "--connect-rate", defaultValue = "1000", description = "Connections opened per second "
            + "(${DEFAULT-VALUE}).")
    double connectRate;
    @Option(names = "--mix", defaultValue = "few=90,throttled=9,all=1", description = "Subscription mix, as weights: "
            + "few (--symbols-per-client symbols), throttled (* with maxRate --max-rate), all (*). "
            + "Default ${DEFAULT-VALUE}.")
    String mix;
    @Option(names = "--symbols-per-client", defaultValue = "5", description = "Symbols of a 'few' client "
            + "(${DEFAULT-VALUE}).")
    int symbolsPerClient;
    @Option(names = "--max-rate", defaultValue = "1", description = "maxRate of a 'throttled' client, updates per "
            + "second per symbol (${DEFAULT-VALUE}).")
    double maxRate;
    @Option(names = "--symbols", defaultValue = "500", description = "Symbols in play (${DEFAULT-VALUE}).")
    int symbols;
    @Option(names = "--symbol-prefix", description = "Their prefix before four digits: LG with --produce-rate, "
            + "else S (the simulator's S0001..).")
    String symbolPrefix;
    @Option(names = "--batch", description = "Ask the gateway for batched frames (several updates per frame).")
    boolean batch;
    @Option(names = "--batch-linger-ms", description = "With --batch: how long the gateway may hold a frame for more "
            + "updates (its default when absent).")
    Integer batchLingerMs;
    @Option(names = "--batch-max-bytes", description = "With --batch: largest batched frame (its default when absent).")
    Integer batchMaxBytes;

    @Option(names = "--produce-rate", defaultValue = "0", description = "Predictions per second this run writes to "
            + "atlas.predictions itself (round-robin over the symbols); 0 = use the feed the gateway has. Gaps are "
            + "checked only against what this run produced.")
    double produceRate;
    @Option(names = "--warmup", defaultValue = "10s", converter = DurationConverter.class,
            description = "Warm-up before the window (${DEFAULT-VALUE}).")
    Duration warmup;
    @Option(names = "--max-warmup", defaultValue = "180s", converter = DurationConverter.class,
            description = "After --warmup, the warm-up goes on until the gateway's JIT compilers used under 1 % of a "
                    + "core for 5 s (its pid known), at most this long in all (${DEFAULT-VALUE}).")
    Duration maxWarmup;
    @Option(names = "--duration", defaultValue = "30s", converter = DurationConverter.class,
            description = "The measured window (${DEFAULT-VALUE}).")
    Duration duration;
    @Option(names = "--drain", defaultValue = "20s", converter = DurationConverter.class,
            description = "After producing stops, how long to wait for every expected update (${DEFAULT-VALUE}).")
    Duration drain;
    @Option(names = "--heap", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "Measure the gateway's heap per connection (two full GCs in it, before and after "
                    + "connecting; needs its pid). --no-heap leaves the gateway alone.")
    boolean measureHeap;
    @Option(names = "--seed", defaultValue = "1", description = "Seed of the subscription mix (${DEFAULT-VALUE}).")
    long seed;
    @Option(names = "--out", description = "Report folder (default perf/results/<UTC time>-loadgen).")
    Path out;
    @Option(names = "--control", description = "Hold the clients and measure windows on command: read 'open', "
            + "'peek', 'close', 'verify', 'quit' lines on stdin, answer each with one JSON line on stdout (see "
            + "ControlProtocol).")
    boolean control;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /** Where --control reads its commands; stdin unless a test hands it others. */
    java.io.Reader commands = new InputStreamReader(System.in, StandardCharsets.UTF_8);

    public static void main(String[] args) {
        System.exit(new CommandLine(new LoadGenCommand()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        PrintWriter progress = control ? spec.commandLine().getErr() : spec.commandLine().getOut();
        ClientMix clientMix;
        SymbolSet set;
        try {
            clientMix = ClientMix.parse(mix, symbolsPerClient, maxRate);
            set = new SymbolSet(symbolPrefix != null ? symbolPrefix : produceRate > 0 ? "LG" : "S", symbols);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
        Instant started = Instant.now();
        String loadBefore = loadAverage();
        try (GatewayTarget target = target(progress)) {
            // Started children run in sessions of their own: stop them even if this JVM is told to stop.
            Runtime.getRuntime().addShutdownHook(new Thread(target::close, "loadgen-stop-gateway"));
            GatewayProbe probe = target.probe().orElse(null);
            say(progress, "gateway %s at %s%s", target.origin(), target.webSocket(),
                    probe == null ? " (pid unknown: no CPU or heap figures)" : " (pid " + probe.pid() + ")");
            List<Subscription> subscriptions = clientMix.assign(clients, set, seed);
            say(progress, "%,d clients: %s, %s", clients, clientMix.counts(clients), clientMix);
            LoadReport.Heap heap = null;
            long heapBefore = measureHeap && probe != null ? probe.heapAfterGc() : -1;
            Deliveries deliveries = new Deliveries();
            ProducedLedger produced = new ProducedLedger(set);
            try (LoadClients pool = new LoadClients(clients)) {
                LoadClients.Connected connected = pool.open(endpoint(target.webSocket()), subscriptions, set,
                        deliveries, produced::verifyFrom, connectRate, Duration.ofSeconds(120),
                        line -> say(progress, "%s", line));
                say(progress, "opened %,d of %,d connections in %.1f s (%,d failed%s)", connected.opened(),
                        clients, connected.seconds(), connected.failed(), connected.firstFailure() == null ? ""
                                : ": " + connected.firstFailure());
                if (!pool.awaitSubscribed(Duration.ofSeconds(120))) {
                    say(progress, "not every subscription was answered within 120 s");
                }
                if (!pool.refusals().isEmpty()) {
                    say(progress, "%,d subscriptions refused, e.g. %s", pool.refusals().size(),
                            pool.refusals().get(0));
                }
                if (heapBefore >= 0) {
                    heap = new LoadReport.Heap(heapBefore, probe.heapAfterGc(), pool.held());
                    say(progress, "gateway heap after full GC: %.1f MiB before, %.1f MiB with %,d connections: "
                            + "%,.0f bytes each", heap.beforeBytes() / 1048576.0, heap.connectedBytes() / 1048576.0,
                            heap.connections(), heap.perConnectionBytes());
                }
                Window window = new Window(deliveries, probe, target.otherProcesses());
                if (control) {
                    serve(new ControlSession(window, pool, produced));
                    return 0;
                }
                PredictionSource source = produceRate > 0 ? new PredictionSource(clientSettings(target), set,
                        produceRate, produced) : null;
                Window.Result result;
                Duration warmedUp = warmup;
                try {
                    if (source != null) {
                        source.start();
                        say(progress, "producing %s", source);
                    }
                    sleepReporting(progress, "warm-up", warmup, deliveries);
                    warmedUp = awaitQuietCompilers(probe, progress);
                    if (source != null) {
                        source.pauseAndRun(() -> {
                            produced.start(endOffsets(target));
                            return null;
                        });
                    }
                    window.open();
                    sleepReporting(progress, "window", duration, deliveries);
                    result = window.close();
                } finally {
                    if (source != null) {
                        source.close();
                    }
                }
                Verification verification = drained(pool, produced, source != null, progress);
                Map<String, Object> machine = machine(loadBefore);
                Map<String, Object> settings = settings(target);
                settings.put("warmedUpSeconds", warmedUp.toSeconds());
                LoadReport report = new LoadReport(started, Instant.now(), machine, settings, target.origin(),
                        probe == null ? null : probe.pid(), connected, pool.held(), pool.closes(),
                        pool.refusals().size(), heap, result, verification, source == null ? 0 : source.sent());
                Path folder = out != null ? out : Path.of("perf", "results", DateTimeFormatter
                        .ofPattern("yyyy-MM-dd'T'HHmmss'Z'").withZone(ZoneOffset.UTC).format(started) + "-loadgen");
                report.write(folder);
                spec.commandLine().getOut().print(report.markdown());
                say(progress, "wrote %s and %s in %s", LoadReport.JSON_FILE, LoadReport.MARKDOWN_FILE, folder);
                return verification.gaps() == 0 && verification.duplicates() == 0 ? 0 : 1;
            }
        }
    }

    private GatewayTarget target(PrintWriter progress) throws Exception {
        if (startGateway) {
            say(progress, "starting a broker and the gateway of %s", gatewayHome.toAbsolutePath().normalize());
            return GatewayTarget.start(gatewayHome, workDir, gatewayHeap, gatewayJvm, gatewayEnv, clients);
        }
        if (url != null) {
            return GatewayTarget.given(url, gatewayPid, gatewayMetrics, bootstrap);
        }
        Path folder = runDir != null ? runDir : Path.of(System.getenv().getOrDefault("ATLAS_RUN_DIR", ".run"));
        return GatewayTarget.running(folder).orElseThrow(() -> new CommandLine.ParameterException(
                spec.commandLine(), "no running ./atlas up in " + folder.toAbsolutePath()
                        + ": start one, or give --url, or --start-gateway"));
    }

    /** The endpoint with the batching request as query parameters, when asked for. */
    URI endpoint(URI base) {
        if (!batch) {
            return base;
        }
        StringBuilder query = new StringBuilder("batch=true");
        if (batchLingerMs != null) {
            query.append("&batchLingerMs=").append(batchLingerMs);
        }
        if (batchMaxBytes != null) {
            query.append("&batchMaxBytes=").append(batchMaxBytes);
        }
        return URI.create(base + (base.getRawQuery() == null ? "?" : "&") + query);
    }

    private Map<String, Object> clientSettings(GatewayTarget target) {
        if (target.bootstrap() == null) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "--produce-rate needs the gateway's broker: give --bootstrap");
        }
        Map<String, Object> settings = new HashMap<>();
        settings.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, target.bootstrap());
        return settings;
    }

    /** Per partition of the predictions topic, its end offset now. */
    private long[] endOffsets(GatewayTarget target) throws Exception {
        try (Admin admin = Admin.create(clientSettings(target))) {
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            for (int p = 0; p < Topics.PREDICTIONS.partitions(); p++) {
                latest.put(new TopicPartition(Topics.PREDICTIONS.name(), p), OffsetSpec.latest());
            }
            long[] ends = new long[Topics.PREDICTIONS.partitions()];
            admin.listOffsets(latest).all().get(30, TimeUnit.SECONDS)
                    .forEach((tp, info) -> ends[tp.partition()] = info.offset());
            return ends;
        }
    }

    /** Waits until no client misses an update it should have (or the drain time is up), then checks them all. */
    private Verification drained(LoadClients pool, ProducedLedger produced, boolean producedOwn, PrintWriter progress)
            throws InterruptedException {
        long deadline = System.nanoTime() + drain.toNanos();
        Verification v = Verification.of(pool.clients(), produced, producedOwn);
        while (producedOwn && v.gaps() > 0 && System.nanoTime() < deadline) {
            TimeUnit.MILLISECONDS.sleep(250);
            v = Verification.of(pool.clients(), produced, true);
        }
        pool.errors().ifPresent(errors -> say(progress, "%s", errors));
        say(progress, "check: %,d clients, %,d closed; %s; %,d duplicates", v.clientsChecked(), v.clientsClosed(),
                producedOwn ? String.format(Locale.ROOT, "%,d gaps of %,d expected", v.gaps(), v.expected())
                        : "gaps not checked (nothing produced here)", v.duplicates());
        return v;
    }

    /** The control loop: one JSON line per command, until 'quit' or the end of stdin. */
    private void serve(ControlSession session) throws IOException {
        PrintWriter answers = spec.commandLine().getOut();
        answers.println(session.ready());
        answers.flush();
        BufferedReader lines = new BufferedReader(commands);
        String command;
        while ((command = lines.readLine()) != null && !command.trim().equals(ControlProtocol.QUIT)) {
            answers.println(session.answer(command));
            answers.flush();
        }
    }

    /**
     * Waits, beyond --warmup and up to --max-warmup in all, until the gateway's JIT compiler threads are quiet (under
     * 1 % of a core over 5 s): a window measured while C2 still compiles charges the compiler to every update.
     * Returns the whole warm-up.
     */
    private Duration awaitQuietCompilers(GatewayProbe probe, PrintWriter progress) throws InterruptedException {
        Duration waited = warmup;
        if (probe == null) {
            return waited;
        }
        Duration step = Duration.ofSeconds(5);
        double before = compilerSeconds(probe);
        while (waited.compareTo(maxWarmup) < 0) {
            TimeUnit.MILLISECONDS.sleep(step.toMillis());
            waited = waited.plus(step);
            double now = compilerSeconds(probe);
            if (now - before <= 0.01 * step.toSeconds()) {
                say(progress, "gateway JIT quiet after %d s", waited.toSeconds());
                return waited;
            }
            say(progress, "warm-up: the gateway's JIT compilers used %.2f CPU s in the last %d s", now - before,
                    step.toSeconds());
            before = now;
        }
        say(progress, "warm-up ended at --max-warmup with the gateway's JIT still compiling");
        return waited;
    }

    private static double compilerSeconds(GatewayProbe probe) {
        return probe.threadCpuSeconds().entrySet().stream().filter(e -> e.getKey().contains("CompilerThre"))
                .mapToDouble(Map.Entry::getValue).sum();
    }

    private static void sleepReporting(PrintWriter progress, String phase, Duration length, Deliveries deliveries)
            throws InterruptedException {
        long end = System.nanoTime() + length.toNanos();
        while (true) {
            long left = end - System.nanoTime();
            if (left <= 0) {
                return;
            }
            TimeUnit.NANOSECONDS.sleep(Math.min(left, TimeUnit.SECONDS.toNanos(5)));
            say(progress, "%s: %,d s left", phase, TimeUnit.NANOSECONDS.toSeconds(Math.max(0, end - System.nanoTime())));
        }
    }

    private Map<String, Object> settings(GatewayTarget target) {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("url", target.webSocket().toString());
        s.put("clients", clients);
        s.put("connectRate", connectRate);
        s.put("mix", mix);
        s.put("symbolsPerClient", symbolsPerClient);
        s.put("maxRate", maxRate);
        s.put("symbols", symbols);
        s.put("batch", batch);
        s.put("batchLingerMs", batchLingerMs);
        s.put("batchMaxBytes", batchMaxBytes);
        s.put("produceRate", produceRate);
        s.put("warmupSeconds", warmup.toSeconds());
        s.put("durationSeconds", duration.toSeconds());
        if (startGateway) {
            s.put("gatewayHome", gatewayHome.toAbsolutePath().normalize().toString());
            s.put("gatewayCommit", commit(gatewayHome));
            s.put("gatewayHeap", gatewayHeap);
            s.put("gatewayEnv", gatewayEnv);
            s.put("gatewayJvm", gatewayJvm);
        }
        return s;
    }

    private static Map<String, Object> machine(String loadBefore) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("cores", Runtime.getRuntime().availableProcessors());
        m.put("cpu", firstValue(Path.of("/proc/cpuinfo"), "model name"));
        m.put("memory", firstValue(Path.of("/proc/meminfo"), "MemTotal"));
        m.put("java", System.getProperty("java.version"));
        m.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version"));
        m.put("loadBefore", loadBefore);
        m.put("loadAfter", loadAverage());
        return m;
    }

    private static String firstValue(Path file, String key) {
        try {
            for (String line : Files.readAllLines(file)) {
                if (line.startsWith(key)) {
                    return line.substring(line.indexOf(':') + 1).trim();
                }
            }
        } catch (IOException e) {
            return "?";
        }
        return "?";
    }

    private static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
        } catch (IOException e) {
            return "?";
        }
    }

    private static String commit(Path home) {
        try {
            Process git = new ProcessBuilder("git", "-C", home.toString(), "rev-parse", "--short=12", "HEAD")
                    .redirectErrorStream(true).start();
            String text = new String(git.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            return git.waitFor(10, TimeUnit.SECONDS) && git.exitValue() == 0 ? text : "?";
        } catch (IOException e) {
            return "?";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "?";
        }
    }

    private static void say(PrintWriter to, String format, Object... args) {
        to.println("loadgen: " + String.format(Locale.ROOT, format, args));
        to.flush();
    }

    /** Durations as {@code 30s}, {@code 500ms}, {@code 2m}, or plain seconds. */
    static final class DurationConverter implements CommandLine.ITypeConverter<Duration> {
        @Override
        public Duration convert(String value) {
            String v = value.trim().toLowerCase(Locale.ROOT);
            try {
                if (v.endsWith("ms")) {
                    return Duration.ofMillis(Long.parseLong(v.substring(0, v.length() - 2)));
                }
                if (v.endsWith("s")) {
                    return Duration.ofSeconds(Long.parseLong(v.substring(0, v.length() - 1)));
                }
                if (v.endsWith("m")) {
                    return Duration.ofMinutes(Long.parseLong(v.substring(0, v.length() - 1)));
                }
                return Duration.ofSeconds(Long.parseLong(v));
            } catch (NumberFormatException e) {
                throw new CommandLine.TypeConversionException("not a duration (30s, 500ms, 2m): " + value);
            }
        }
    }
}
