package io.atlas.ingest.simulate;

import io.atlas.catalog.Topic;
import io.atlas.catalog.Topics;
import io.atlas.events.MarketTick;
import io.atlas.ingest.DurationConverter;
import io.atlas.ingest.publish.PublisherEnvConfig;
import io.atlas.ingest.publish.TickPublisher;
import io.atlas.ops.Health;
import io.atlas.ops.OpsServer;
import io.atlas.ops.ServiceMetrics;
import io.atlas.ops.trace.Tracing;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * {@code simulate}: writes a simulated market with a planted signal ({@link MarketModel}) to the ticks topic through
 * a {@link TickPublisher}, paced to a target rate. A service when started by {@code ./atlas up}: health and metrics on
 * {@code ATLAS_HTTP_PORT}, ready once the first tick is acknowledged; SIGTERM stops it after flushing.
 */
@Command(name = "simulate", mixinStandardHelpOptions = true,
        description = "Publish a simulated market (geometric Brownian mids, volatility regimes, spreads in ticks, "
                + "bursts) with a planted order-book-imbalance signal to the ticks topic.")
public final class SimulateCommand implements Callable<Integer> {

    private static final Logger log = LoggerFactory.getLogger(SimulateCommand.class);
    static final String APPLICATION = "ingest-simulate";

    @Spec
    private CommandSpec spec;

    @Option(names = "--symbols", defaultValue = "" + SimulatedInstruments.DEFAULT_COUNT,
            description = "Number of instruments, S0001.. (default ${DEFAULT-VALUE}).")
    private int symbols;

    @Option(names = "--rate", defaultValue = "10000",
            description = "Ticks per second over all symbols; 0 = flat out (default ${DEFAULT-VALUE}).")
    private double rate;

    @Option(names = "--count", defaultValue = "0",
            description = "Stop after this many ticks; 0 = no limit (default ${DEFAULT-VALUE}).")
    private long count;

    @Option(names = "--duration", defaultValue = "0", converter = DurationConverter.class,
            description = "Stop after this long, e.g. 30s, 5m, PT1H; 0 = no limit (default ${DEFAULT-VALUE}).")
    private Duration duration;

    @Option(names = "--seed", defaultValue = "42", description = "Random seed; same seed, same ticks (default ${DEFAULT-VALUE}).")
    private long seed;

    @Option(names = "--signal-strength", defaultValue = "" + MarketModel.Parameters.DEFAULT_SIGNAL_STRENGTH,
            description = "k in P(UP | imbalance I) = 1/(1+e^(-k·I)); 0 = no signal (default ${DEFAULT-VALUE}).")
    private double signalStrength;

    @Option(names = "--move-probability", defaultValue = "" + MarketModel.Parameters.DEFAULT_MOVE_PROBABILITY,
            description = "Probability that a symbol's mid changes at its next tick (default ${DEFAULT-VALUE}).")
    private double moveProbability;

    private final Map<String, String> env;
    private final Topic<String, MarketTick> topic;
    private final CountDownLatch finished = new CountDownLatch(1);

    public SimulateCommand() {
        this(System.getenv(), Topics.TICKS);
    }

    /** For tests: another environment and topic. */
    SimulateCommand(Map<String, String> env, Topic<String, MarketTick> topic) {
        this.env = env;
        this.topic = topic;
    }

    @Override
    public Integer call() {
        MarketModel.Parameters parameters = parameters();
        PublisherEnvConfig config = new PublisherEnvConfig(env);
        MarketModel model = new MarketModel(SimulatedInstruments.first(symbols), parameters);
        log.info("Simulating {} symbols at {} ticks/s, seed {}, signal strength {}, move probability {}; best "
                        + "achievable UP/DOWN AUC at 1 tick = {}", symbols, rate == 0 ? "flat-out" : rate, seed,
                signalStrength, moveProbability,
                String.format("%.4f", SignalMath.bestAuc(signalStrength, LotDistribution.DEFAULT)));
        try (ServiceMetrics metrics = new ServiceMetrics(APPLICATION);
             Tracing tracing = Tracing.start(APPLICATION, config.traceSettings());
             TickPublisher publisher = TickPublisher.start(
                     config.publisherOptions(APPLICATION).topic(topic).build(), metrics.registry(), tracing)) {
            Simulation simulation = new Simulation(model, publisher, rate, count, duration, metrics.registry());
            Thread hook = new Thread(() -> {
                simulation.stop();
                awaitFinished();
            }, APPLICATION + "-shutdown");
            Runtime.getRuntime().addShutdownHook(hook);
            try (OpsServer ops = OpsServer.start(config.httpPort(), metrics.registry(),
                    () -> publisher.failure().map(e -> Health.down("publisher failed: " + e))
                            .orElse(Health.up("publishing")),
                    () -> readiness(publisher))) {
                long sent = simulation.run();
                publisher.flush();
                spec.commandLine().getOut().printf("Published %d ticks (%d acknowledged)%n", sent,
                        publisher.acknowledged());
            } finally {
                removeHook(hook);
            }
            return publisher.failure().isPresent() ? 1 : 0;
        } finally {
            finished.countDown();
        }
    }

    private MarketModel.Parameters parameters() {
        if (symbols < 1 || symbols > SimulatedInstruments.MAX_COUNT) {
            throw new ParameterException(spec.commandLine(),
                    "--symbols must be within 1.." + SimulatedInstruments.MAX_COUNT + ", got " + symbols);
        }
        if (rate < 0 || count < 0 || duration.isNegative()) {
            throw new ParameterException(spec.commandLine(), "--rate, --count and --duration must not be negative");
        }
        try {
            return new MarketModel.Parameters(seed, signalStrength, moveProbability);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
    }

    private static Health readiness(TickPublisher publisher) {
        if (publisher.failure().isPresent()) {
            return Health.down("publisher failed: " + publisher.failure().get());
        }
        long acknowledged = publisher.acknowledged();
        return acknowledged > 0 ? Health.up(acknowledged + " ticks acknowledged")
                : Health.down("waiting for the broker to acknowledge the first ticks");
    }

    /** The shutdown hook waits until the loop has ended and the publisher has flushed and closed. */
    private void awaitFinished() {
        try {
            if (!finished.await(60, TimeUnit.SECONDS)) {
                log.warn("The simulation did not stop within 60 s of SIGTERM");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void removeHook(Thread hook) {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // Already shutting down: the hook is running and waits for us.
        }
    }
}
