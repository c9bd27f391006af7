package io.atlas.drill.pipeline;

import io.atlas.catalog.Application;
import io.atlas.catalog.Applications;
import io.atlas.drill.Micros;
import io.atlas.gateway.server.GatewayConfig;
import io.atlas.inference.stream.InferenceConfig;
import io.atlas.ingest.bridge.BridgeConfig;
import io.atlas.ingest.cdc.CdcConfig;
import io.atlas.ingest.simulate.SimulatedInstruments;
import io.atlas.local.kafka.FreePort;
import io.atlas.local.launch.ServiceProcess;
import io.atlas.local.launch.ServiceSpec;
import io.atlas.local.process.ModuleClasspath;
import io.atlas.ops.KafkaConnection;
import io.atlas.ops.OpsServer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.LongConsumer;

/**
 * Every Atlas service of one region, each a JVM of its own as {@code ./atlas up} runs them ({@link ServiceSpec},
 * {@link ServiceProcess}: the catalog's module and main class, the module's classpath), configured through the
 * services' own settings: CDC on the drill's PostgreSQL corner, the bridge, the simulator, the scorer at the drill's
 * processing guarantee, and two gateway replicas sharing a Redis session store and a resume secret, as production
 * runs several. Any service can be killed, stopped and started again by name; {@link #retarget} moves the whole
 * region to another cluster (the DR failover). A service that exits on its own is restarted as Kubernetes restarts a
 * pod's container, and counted ({@link #unexpectedExits}): left dead, it would stay down until a scenario happened to
 * restart it, and what it failed to do would be judged as the loss of whatever scenario ran meanwhile.
 */
public final class Pipeline implements AutoCloseable {

    public static final String CDC = Applications.INGEST_CDC.name();
    public static final String BRIDGE = Applications.INGEST_BRIDGE.name();
    public static final String SIMULATOR = Applications.INGEST_SIMULATE.name();
    public static final String SCORER = Applications.INFERENCE_STREAM.name();
    public static final String GATEWAY_A = Applications.WS_GATEWAY.name() + "-a";
    public static final String GATEWAY_B = Applications.WS_GATEWAY.name() + "-b";

    /** Start order: reference data first, then the ticks' path, then the scorer, then the gateways. */
    public static final List<String> SERVICES = List.of(CDC, BRIDGE, SCORER, SIMULATOR, GATEWAY_A, GATEWAY_B);
    public static final List<String> GATEWAYS = List.of(GATEWAY_A, GATEWAY_B);

    private static final Logger log = LoggerFactory.getLogger(Pipeline.class);
    private static final int START_ATTEMPTS = 3;

    /**
     * How the region's services run.
     *
     * @param workDir          state of the scorer (its stores) per region
     * @param logDir           one log file per service
     * @param guarantee        the scorer's processing guarantee
     * @param simulatorRate    ticks per second the simulator publishes
     * @param simulatorSymbols how many of the simulated instruments it publishes (the rest are the outside producer's)
     * @param trainTicks       how many ticks the first scorer trains its model from
     * @param database         CDC's PostgreSQL corner
     * @param redisUrl         the gateways' session store
     * @param readyTimeout     how long a service may take to report ready
     */
    public record Settings(Path workDir, Path logDir, String guarantee, int simulatorRate, int simulatorSymbols,
                           int trainTicks, DrillDatabase database, String redisUrl, Duration readyTimeout) {
    }

    /** Where services started from now on run: the region, its cluster and its session store. */
    private record Target(String region, String bootstrapServers, String redisUrl) {
    }

    /** Told of a service the drill is about to kill or stop, while it still runs. */
    public interface Ending {
        void ending(String name, ServiceProcess process) throws InterruptedException;
    }

    private final Settings settings;
    private final LongConsumer simulatorLaunched;
    private final Ending ending;
    private final String resumeSecret = UUID.randomUUID() + "-" + UUID.randomUUID();
    private final Map<String, Integer> gatewayPorts = new LinkedHashMap<>();
    private final Supervisor supervisor = new Supervisor(this::startProcess, Pipeline::logExit);
    private volatile Target target;

    /**
     * @param simulatorLaunched told the instant (epoch µs) before each simulator JVM starts, so the judge knows a
     *                          new publisher life (numbering above the last) begins
     * @param ending            told of each service the drill kills or stops, just before, so what it counted can
     *                          still be read
     */
    public Pipeline(Settings settings, String bootstrapServers, LongConsumer simulatorLaunched, Ending ending) {
        this.settings = settings;
        this.simulatorLaunched = simulatorLaunched;
        this.ending = ending;
        this.target = new Target("primary", bootstrapServers, settings.redisUrl());
        gatewayPorts.put(GATEWAY_A, FreePort.find());
        gatewayPorts.put(GATEWAY_B, FreePort.find());
    }

    /** Starts every service in order, each ready before the next. */
    public void startAll() throws InterruptedException {
        for (String name : SERVICES) {
            start(name);
        }
    }

    /**
     * Starts one service and waits until it reports ready. A service that exits while starting (on a loaded
     * machine the gateway's 2 s Redis handshake can time out) exited on its own: it is counted and restarted like any
     * other such exit, and waited for again, up to {@value #START_ATTEMPTS} exits; one that is alive but not ready yet
     * (a scorer restoring its state) is left to finish, as a failing readiness probe does not restart a pod.
     */
    public void start(String name) throws InterruptedException {
        ServiceProcess process = launch(name);
        for (int exits = 1; ; exits++) {
            try {
                process.awaitReady(settings.readyTimeout());
                log.info("{} ready", name);
                return;
            } catch (IllegalStateException e) {
                if (process.isAlive() || exits == START_ATTEMPTS) {
                    throw e;
                }
                log.warn("{} did not start ({}); waiting for its restart", name, e.getMessage());
                process = supervisor.awaitRestart(name, process, settings.readyTimeout());
            }
        }
    }

    /** Starts one service without waiting for it; from now on it is restarted whenever it exits on its own. */
    public ServiceProcess launch(String name) {
        try {
            return supervisor.launch(name);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot start " + name, e);
        }
    }

    /** SIGKILL: the service dies at once, as on a node failure. */
    public void kill(String name) throws InterruptedException {
        end(name, false);
    }

    /** SIGKILL of every running service at once, as losing the region would. */
    public void killAll() throws InterruptedException {
        for (ServiceProcess process : supervisor.takeAll()) {
            process.kill();
        }
    }

    /** SIGTERM: the service drains and stops, as Kubernetes stops a pod. */
    public void stop(String name) throws InterruptedException {
        end(name, true);
    }

    /** Takes the service out of supervision, tells {@link #ending} while it still runs, then stops or kills it. */
    private void end(String name, boolean drain) throws InterruptedException {
        ServiceProcess process = supervisor.take(name);
        if (process == null) {
            return;
        }
        try {
            ending.ending(name, process);
        } finally {
            if (drain) {
                process.close();
            } else {
                process.kill();
            }
        }
    }

    public boolean isRunning(String name) {
        return supervisor.running(name) != null;
    }

    /** The process running as {@code name} now; empty while it is down (ended, or waiting for its restart). */
    public Optional<ServiceProcess> running(String name) {
        return Optional.ofNullable(supervisor.running(name));
    }

    /**
     * How many times each service exited on its own since the drill started (each exit followed by a restart), by
     * service name; services that never did are absent.
     */
    public Map<String, Long> unexpectedExits() {
        return supervisor.unexpectedExits();
    }

    /** The exits on their own since {@code earlier}, a figure of {@link #unexpectedExits()}: the same by service. */
    public Map<String, Long> unexpectedExitsSince(Map<String, Long> earlier) {
        Map<String, Long> since = new TreeMap<>();
        unexpectedExits().forEach((service, exits) -> {
            long more = exits - earlier.getOrDefault(service, 0L);
            if (more > 0) {
                since.put(service, more);
            }
        });
        return since;
    }

    /** The gateway replicas' WebSocket endpoints. */
    public List<URI> gateways() {
        List<URI> uris = new ArrayList<>();
        gatewayPorts.values().forEach(port -> uris.add(URI.create("ws://127.0.0.1:" + port + "/ws")));
        return uris;
    }

    /**
     * Points every service started from now on at another region: its cluster, its own Redis database for
     * sessions, CDC's own slot and fresh scorer state. Running services are not touched.
     */
    public void retarget(String region, String bootstrapServers, String redisUrl) {
        this.target = new Target(region, bootstrapServers, redisUrl);
    }

    private ServiceProcess startProcess(String name) throws IOException {
        Target where = target;
        ServiceSpec spec = spec(name, where);
        Map<String, String> env = new HashMap<>();
        env.put(KafkaConnection.BOOTSTRAP, where.bootstrapServers());
        if (name.equals(SIMULATOR)) {
            simulatorLaunched.accept(Micros.now());
        }
        return ServiceProcess.start(spec, ModuleClasspath.of(spec.module()), FreePort.find(), env, settings.logDir());
    }

    private static void logExit(Supervisor.Exit exit) {
        if (exit.unexpected()) {
            log.warn("{} exited on its own with code {} (log: {}); restarting it {}", exit.service(), exit.code(),
                    exit.logFile(), exit.restartIn().isZero() ? "now" : "in " + exit.restartIn().toSeconds()
                            + " s (back-off)");
        } else {
            log.info("{} ended with code {}, as the drill asked", exit.service(), exit.code());
        }
    }

    private ServiceSpec spec(String name, Target where) {
        String region = where.region();
        if (name.equals(CDC)) {
            Map<String, String> env = new HashMap<>(settings.database().cdcEnv(region));
            env.put(CdcConfig.SEED_INSTRUMENTS, Integer.toString(SimulatedInstruments.DEFAULT_COUNT));
            return ServiceSpec.of(Applications.INGEST_CDC, List.of(), "384m", env);
        }
        if (name.equals(BRIDGE)) {
            return ServiceSpec.of(Applications.INGEST_BRIDGE, List.of(), "256m",
                    Map.of(BridgeConfig.INSTANCE_ID, "drill-" + region));
        }
        if (name.equals(SIMULATOR)) {
            return ServiceSpec.of(Applications.INGEST_SIMULATE, List.of("--rate",
                    Integer.toString(settings.simulatorRate()), "--symbols",
                    Integer.toString(settings.simulatorSymbols())), "256m", Map.of());
        }
        if (name.equals(SCORER)) {
            return ServiceSpec.of(Applications.INFERENCE_STREAM, List.of(), "512m", Map.of(
                    InferenceConfig.PROCESSING_GUARANTEE, settings.guarantee(),
                    InferenceConfig.STATE_DIR, settings.workDir().resolve("inference-state-" + region).toString(),
                    InferenceConfig.TRAIN_ON_START, "true",
                    InferenceConfig.TRAIN_TICKS, Integer.toString(settings.trainTicks())));
        }
        if (gatewayPorts.containsKey(name)) {
            return gateway(name, gatewayPorts.get(name), where.redisUrl());
        }
        throw new IllegalArgumentException("No service " + name + "; services: " + SERVICES);
    }

    private ServiceSpec gateway(String name, int port, String redisUrl) {
        Application gateway = Applications.WS_GATEWAY;
        Map<String, String> env = new HashMap<>();
        env.put(GatewayConfig.AUTH, "none");
        env.put(GatewayConfig.PORT, Integer.toString(port));
        env.put(GatewayConfig.REDIS_URL, redisUrl);
        env.put(GatewayConfig.RESUME_SECRET, resumeSecret);
        // Without authentication every drill client is the same client (127.0.0.1).
        env.put(GatewayConfig.MAX_CONNECTIONS_PER_CLIENT, "1000");
        env.put(GatewayConfig.RATE_LIMIT, "100000000");
        return new ServiceSpec(name, gateway.module(), gateway.mainClass(), gateway.arguments(), OpsServer.READINESS,
                "256m", env, "", "");
    }

    /** Stops every running service, newest first; none is restarted any more. */
    @Override
    public void close() {
        supervisor.close();
    }
}
