package io.atlas.perf.wsload;

import io.atlas.catalog.Applications;
import io.atlas.catalog.Topics;
import io.atlas.local.kafka.CatalogTopics;
import io.atlas.local.kafka.ForkedKafka;
import io.atlas.local.kafka.FreePort;
import io.atlas.local.launch.RunState;
import io.atlas.local.process.ChildJvm;
import org.apache.kafka.clients.admin.Admin;

import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The gateway a load run drives: its WebSocket URL and, when known, its process (for CPU and heap through a
 * {@link GatewayProbe}) and its broker (for the run's own predictions). Either one already running (given by the
 * user, or the one {@code ./atlas up} started, read from its run state), or one started here as {@code ./atlas up}
 * starts it, on a broker of its own, each in a JVM of its own. Closing stops what was started here.
 */
final class GatewayTarget implements AutoCloseable {

    private static final Duration START_TIMEOUT = Duration.ofSeconds(120);
    private static final String GATEWAY_MAIN = Applications.WS_GATEWAY.mainClass();

    private final URI webSocket;
    private final GatewayProbe probe;
    private final String bootstrap;
    private final String origin;
    private final Map<String, Long> otherProcesses;
    private final List<AutoCloseable> owned;
    private final java.util.concurrent.atomic.AtomicBoolean closed = new java.util.concurrent.atomic.AtomicBoolean();

    private GatewayTarget(URI webSocket, GatewayProbe probe, String bootstrap, String origin,
                          Map<String, Long> otherProcesses, List<AutoCloseable> owned) {
        this.webSocket = webSocket;
        this.probe = probe;
        this.bootstrap = bootstrap;
        this.origin = origin;
        this.otherProcesses = otherProcesses;
        this.owned = owned;
    }

    /** A gateway the user names; pid, metrics and bootstrap may each be null (unknown). */
    static GatewayTarget given(URI webSocket, Long pid, URI metrics, String bootstrap) {
        return new GatewayTarget(webSocket, pid == null ? null : new GatewayProbe(pid, metrics), bootstrap,
                "given: " + webSocket, Map.of(), List.of());
    }

    /** The gateway of a running {@code ./atlas up} whose run folder is {@code runDir}, if there is one. */
    static Optional<GatewayTarget> running(Path runDir) {
        String name = Applications.WS_GATEWAY.name();
        return RunState.read(runDir).filter(RunState::launcherAlive).filter(s -> s.webSockets().containsKey(name))
                .map(state -> {
                    URI readiness = URI.create(state.endpoints().get(name));
                    Long pid = state.pids().get(name);
                    Map<String, Long> others = new HashMap<>(state.pids());
                    others.remove(name);
                    return new GatewayTarget(URI.create(state.webSockets().get(name)),
                            pid == null ? null : new GatewayProbe(pid, readiness.resolve("/metrics")),
                            state.bootstrapServers(), "./atlas up in " + runDir, others, List.of());
                });
    }

    /**
     * Starts a broker (ForkedKafka, the catalog's prediction topics) and the gateway of checkout {@code home}
     * ({@code ws-gateway/target/classes} + its runtime classpath, as {@code ./atlas up} runs it) with authentication
     * off, the client limits lifted for {@code connections}, and {@code env} on top.
     */
    static GatewayTarget start(Path home, Path workDir, String heap, List<String> jvmOptions, Map<String, String> env,
                               int connections) throws Exception {
        Path target = home.resolve("ws-gateway").resolve("target");
        Path runtime = target.resolve("runtime.classpath");
        if (!Files.isRegularFile(runtime)) {
            throw new IllegalStateException(runtime + " is missing: build the gateway of " + home
                    + " first (mvn -o -q package -pl ws-gateway -DskipTests)");
        }
        String classpath = target.resolve("classes").toAbsolutePath() + File.pathSeparator
                + Files.readString(runtime).trim();
        Path kafkaData = workDir.resolve("kafka");
        if (Files.isDirectory(kafkaData)) {
            // A fresh broker each run: the storage of the last one would not format again.
            try (java.util.stream.Stream<Path> files = Files.walk(kafkaData)) {
                for (Path file : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.delete(file);
                }
            }
        }
        Files.createDirectories(workDir);
        List<AutoCloseable> owned = new ArrayList<>();
        try {
            ForkedKafka kafka = ForkedKafka.start(new ForkedKafka.Options(kafkaData,
                    workDir.resolve("kafka.log"), 0, "512m", START_TIMEOUT));
            owned.add(kafka);
            try (Admin admin = kafka.admin()) {
                CatalogTopics.create(admin, List.of(Topics.PREDICTIONS, Topics.PREDICTIONS_LAST,
                        Topics.PREDICTION_OUTCOMES));
            }
            int wsPort = FreePort.find();
            int opsPort = FreePort.find();
            Map<String, String> environment = new HashMap<>();
            environment.put("ATLAS_KAFKA_BOOTSTRAP", kafka.bootstrapServers());
            environment.put("ATLAS_HTTP_PORT", Integer.toString(opsPort));
            environment.put("ATLAS_GATEWAY_PORT", Integer.toString(wsPort));
            environment.put("ATLAS_GATEWAY_AUTH", "none");
            environment.put("ATLAS_GATEWAY_MAX_CONNECTIONS_PER_CLIENT", Integer.toString(connections + 1000));
            environment.put("ATLAS_GATEWAY_RATE_LIMIT", "1000000000");
            environment.putAll(env);
            // G1, as ./atlas up runs every service, unless the options choose another collector.
            List<String> options = new ArrayList<>(List.of("-Xmx" + heap));
            if (jvmOptions.stream().noneMatch(o -> o.startsWith("-XX:+Use") && o.endsWith("GC"))) {
                options.add("-XX:+UseG1GC");
            }
            options.addAll(jvmOptions);
            ChildJvm gateway = ChildJvm.start(Applications.WS_GATEWAY.name(), options, classpath, GATEWAY_MAIN,
                    List.of(), environment, workDir.resolve("ws-gateway.log"));
            owned.add(0, gateway);
            awaitReady(URI.create("http://127.0.0.1:" + opsPort + "/health/ready"), gateway);
            return new GatewayTarget(URI.create("ws://127.0.0.1:" + wsPort + "/ws"),
                    new GatewayProbe(gateway.pid(), URI.create("http://127.0.0.1:" + opsPort + "/metrics")),
                    kafka.bootstrapServers(), "started from " + home.toAbsolutePath().normalize(),
                    Map.of("kafka", kafka.pid()), owned);
        } catch (Exception e) {
            closeAll(owned);
            throw e;
        }
    }

    private static void awaitReady(URI readiness, ChildJvm gateway) throws IOException, InterruptedException {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (true) {
            gateway.ensureAlive("starting");
            try {
                if (http.send(HttpRequest.newBuilder(readiness).build(), HttpResponse.BodyHandlers.discarding())
                        .statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the gateway was not ready within " + START_TIMEOUT + "; see "
                        + gateway.logFile());
            }
            TimeUnit.MILLISECONDS.sleep(200);
        }
    }

    URI webSocket() {
        return webSocket;
    }

    /** The gateway process, or empty when its pid is unknown. */
    Optional<GatewayProbe> probe() {
        return Optional.ofNullable(probe);
    }

    /** Bootstrap servers of the gateway's broker, or null when unknown. */
    String bootstrap() {
        return bootstrap;
    }

    /** Where the gateway came from, for the report. */
    String origin() {
        return origin;
    }

    /** The other processes of the run (broker, services) by name, whose CPU the report shows beside the gateway's. */
    Map<String, Long> otherProcesses() {
        return otherProcesses;
    }

    /** Stops what was started here, gateway first; a second call does nothing. */
    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            closeAll(owned);
        }
    }

    private static void closeAll(List<AutoCloseable> owned) {
        for (AutoCloseable c : owned) {
            try {
                c.close();
            } catch (Exception e) {
                // stopping what we started; nothing left to do about a failure here
            }
        }
    }
}
