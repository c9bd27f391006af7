package io.atlas.ingest.bridge;

import io.atlas.ops.Health;
import io.atlas.ops.KafkaConnection;
import io.atlas.ops.OpsServer;
import io.atlas.ops.ServiceMetrics;
import io.atlas.ops.trace.Tracing;
import io.atlas.schemas.json.EdgeJson;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The bridge process: owns the metrics registry, tracing, the health and metrics server, the instruments table and
 * the {@link Bridge} loop, starts them in that order and closes them in reverse. Ready once the instruments are loaded
 * and the consumer has joined its group; live while both keep running.
 */
public final class BridgeService implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(BridgeService.class);

    private final ServiceMetrics metrics;
    private final Tracing tracing;
    private final InstrumentTable instruments;
    private final OpsServer ops;
    private final AtomicBoolean closed = new AtomicBoolean();
    private volatile Bridge bridge;

    private BridgeService(BridgeConfig config, Bridge.Routes routes, String instrumentsTopic)
            throws InterruptedException {
        Map<String, Object> clientSettings = KafkaConnection.clientSettings(config);
        this.metrics = new ServiceMetrics(Bridge.SERVICE);
        this.tracing = Tracing.start(Bridge.SERVICE, config.traceSettings());
        this.instruments = new InstrumentTable(clientSettings, instrumentsTopic);
        this.ops = OpsServer.start(config.httpPort(), metrics.registry(), this::liveness, this::readiness);
        try {
            // Validating before the table is loaded would dead-letter good ticks as UNKNOWN_SYMBOL.
            while (!instruments.awaitLoaded(Duration.ofSeconds(10))) {
                if (!instruments.isAlive() || closed.get()) {
                    throw new IllegalStateException("The instruments table stopped before it was loaded");
                }
                log.info("Still loading the instruments table from {}", instrumentsTopic);
            }
            TickValidator validator = new TickValidator(new EdgeJson(), instruments, config.maxPayloadBytes(),
                    config.maxFutureSkew().toNanos() / 1_000, config.maxPastSkew().toNanos() / 1_000);
            this.bridge = new Bridge(clientSettings, routes, config.instanceId(), config.maxRecordsPerTransaction(),
                    validator, metrics.registry(), Clock.systemUTC(), tracing);
            log.info("Bridge started: {} -> {} / {}, {} instruments", routes.raw(), routes.ticks(),
                    routes.deadLetters(), instruments.size());
        } catch (InterruptedException | RuntimeException e) {
            close();
            throw e;
        }
    }

    /** Starts the bridge on the catalog's topics. */
    public static BridgeService start(BridgeConfig config) throws InterruptedException {
        return new BridgeService(config, Bridge.Routes.catalog(), io.atlas.catalog.Topics.INSTRUMENTS.name());
    }

    /** Starts the bridge on other topics and consumer group (tests, benchmarks). */
    public static BridgeService start(BridgeConfig config, Bridge.Routes routes, String instrumentsTopic)
            throws InterruptedException {
        return new BridgeService(config, routes, instrumentsTopic);
    }

    Health liveness() {
        Bridge current = bridge;
        if (!instruments.isAlive()) {
            return Health.down("instruments table stopped");
        }
        if (current != null && !current.isRunning()) {
            return Health.down("bridge loop stopped: " + current.failure());
        }
        return Health.up("running");
    }

    Health readiness() {
        Bridge current = bridge;
        if (!instruments.isLoaded()) {
            return Health.down("loading instruments");
        }
        if (current == null || !current.isJoined()) {
            return Health.down("joining consumer group");
        }
        if (!current.isRunning()) {
            return Health.down("bridge loop stopped");
        }
        return Health.up(instruments.size() + " instruments");
    }

    /** The port of the health and metrics server. */
    public int httpPort() {
        return ops.port();
    }

    /** Waits for the bridge loop to end; true when it ended without a failure. */
    public boolean awaitStopped() throws InterruptedException {
        Bridge current = bridge;
        while (!current.awaitStopped(Duration.ofSeconds(60))) {
            // keep waiting: the loop runs until close() or a fatal error
        }
        return current.failure() == null;
    }

    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            Bridge current = bridge;
            if (current != null) {
                current.close();
            }
            instruments.close();
            ops.close();
            tracing.close();
            metrics.close();
        }
    }
}
