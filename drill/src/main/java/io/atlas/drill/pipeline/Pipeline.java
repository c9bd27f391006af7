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
import java.util.UUID;
import java.util.function.LongConsumer;

/**
 * Every Atlas service of one region, each a JVM of its own as {@code ./atlas up} runs them ({@link ServiceSpec},
 * {@link ServiceProcess}: the catalog's module and main class, the module's classpath), configured through the
 * services' own settings: CDC on the drill's PostgreSQL corner, the bridge, the simulator, the scorer at the drill's
 * processing guarantee, and two gateway replicas sharing a Redis session store and a resume secret, as production
 * runs several. Any service can be killed, stopped and started again by name; {@link #retarget} moves the whole
 * region to another cluster (the DR failover).
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

    private final Settings settings;
    private final LongConsumer simulatorLaunched;
    private final String resumeSecret = UUID.randomUUID() + "-" + UUID.randomUUID();
    private final Map<String, Integer> gatewayPorts = new LinkedHashMap<>();
    private final Map<String, ServiceProcess> running = new LinkedHashMap<>();
    private String bootstrapServers;
    private String region = "primary";
    private String redisUrl;

    /**
     * @param simulatorLaunched told the instant (epoch µs) before each simulator JVM starts, so the judge knows a
     *                          new publisher life (numbering above the last) begins
     */
    public Pipeline(Settings settings, String bootstrapServers, LongConsumer simulatorLaunched) {
        this.settings = settings;
        this.bootstrapServers = bootstrapServers;
        this.simulatorLaunched = simulatorLaunched;
        this.redisUrl = settings.redisUrl();
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
     * machine the gateway's 2 s Redis handshake can time out) is started again, as Kubernetes restarts a crashed
     * container, up to {@value #START_ATTEMPTS} times; one that is alive but not ready yet (a scorer restoring its
     * state) is left to finish, as a failing readiness probe does not restart a pod.
     */
    public void start(String name) throws InterruptedException {
        for (int attempt = 1; ; attempt++) {
            ServiceProcess process = launch(name);
            try {
                process.awaitReady(settings.readyTimeout());
                log.info("{} ready", name);
                return;
            } catch (IllegalStateException e) {
                if (process.isAlive() || attempt == START_ATTEMPTS) {
                    throw e;
                }
                take(name).close();
                log.warn("{} did not start ({}); starting it again", name, e.getMessage());
            }
        }
    }

    /** Starts one service without waiting for it. */
    public synchronized ServiceProcess launch(String name) {
        if (running.containsKey(name)) {
            throw new IllegalStateException(name + " is already running");
        }
        ServiceSpec spec = spec(name);
        Map<String, String> env = new HashMap<>();
        env.put(KafkaConnection.BOOTSTRAP, bootstrapServers);
        if (name.equals(SIMULATOR)) {
            simulatorLaunched.accept(Micros.now());
        }
        try {
            ServiceProcess process = ServiceProcess.start(spec, ModuleClasspath.of(spec.module()), FreePort.find(),
                    env, settings.logDir());
            running.put(name, process);
            return process;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot start " + name, e);
        }
    }

    /** SIGKILL: the service dies at once, as on a node failure. */
    public void kill(String name) throws InterruptedException {
        ServiceProcess process = take(name);
        process.kill();
    }

    /** SIGKILL of every running service at once, as losing the region would. */
    public void killAll() throws InterruptedException {
        List<ServiceProcess> all;
        synchronized (this) {
            all = new ArrayList<>(running.values());
            running.clear();
        }
        for (ServiceProcess process : all) {
            process.kill();
        }
    }

    /** SIGTERM: the service drains and stops, as Kubernetes stops a pod. */
    public void stop(String name) {
        take(name).close();
    }

    public synchronized boolean isRunning(String name) {
        return running.containsKey(name);
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
    public synchronized void retarget(String region, String bootstrapServers, String redisUrl) {
        this.region = region;
        this.bootstrapServers = bootstrapServers;
        this.redisUrl = redisUrl;
    }

    private synchronized ServiceProcess take(String name) {
        ServiceProcess process = running.remove(name);
        if (process == null) {
            throw new IllegalStateException(name + " is not running");
        }
        return process;
    }

    private ServiceSpec spec(String name) {
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
            return gateway(name, gatewayPorts.get(name));
        }
        throw new IllegalArgumentException("No service " + name + "; services: " + SERVICES);
    }

    private ServiceSpec gateway(String name, int port) {
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

    /** Stops every running service, in reverse start order. */
    @Override
    public synchronized void close() {
        List<String> names = new ArrayList<>(running.keySet());
        for (int i = names.size() - 1; i >= 0; i--) {
            running.remove(names.get(i)).close();
        }
    }
}
