package io.atlas.ingest.replay;

import io.atlas.catalog.Topic;
import io.atlas.catalog.Topics;
import io.atlas.events.MarketTick;
import io.atlas.ingest.publish.PublishRejectedException;
import io.atlas.ingest.publish.PublisherEnvConfig;
import io.atlas.ingest.publish.TickPublisher;
import io.atlas.ops.Health;
import io.atlas.ops.OpsServer;
import io.atlas.ops.ServiceMetrics;
import io.atlas.ops.trace.Tracing;

import io.micrometer.core.instrument.Counter;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.locks.LockSupport;

/**
 * {@code replay}: reads ticks from a CSV or JSON-lines file (gzip or not) and writes them, in file order, to the
 * ticks topic through a {@link TickPublisher}, at the recorded pace, k times faster, or flat out. Exchange times and
 * every price and size are kept; the publisher numbers each symbol afresh and stamps the ingest time.
 *
 * <p>A malformed line stops the replay (exit code 1) with its line number, after flushing the ticks before it;
 * {@code --skip-bad} instead logs each with its line number, counts them and goes on.
 */
@Command(name = "replay", mixinStandardHelpOptions = true,
        description = "Publish ticks from a CSV or JSON-lines file (gzip detected) to the ticks topic.")
public final class ReplayCommand implements Callable<Integer> {

    private static final Logger log = LoggerFactory.getLogger(ReplayCommand.class);
    static final String APPLICATION = "ingest-replay";

    @Spec
    private CommandSpec spec;

    @Parameters(index = "0", paramLabel = "FILE", description = "The tick file (.csv, .jsonl, optionally .gz).")
    private Path file;

    @Option(names = "--format", defaultValue = "AUTO",
            description = "CSV, JSONL or AUTO (by the file name) (default ${DEFAULT-VALUE}).")
    private TickReader.Format format;

    @Option(names = "--speed", defaultValue = "1",
            description = "1 = recorded pace, k = k times faster, 0 = flat out (default ${DEFAULT-VALUE}).")
    private double speed;

    @Option(names = "--skip-bad", description = "Skip malformed lines (logged and counted) instead of stopping.")
    private boolean skipBad;

    private final Map<String, String> env;
    private final Topic<String, MarketTick> topic;

    public ReplayCommand() {
        this(System.getenv(), Topics.TICKS);
    }

    /** For tests: another environment and topic. */
    ReplayCommand(Map<String, String> env, Topic<String, MarketTick> topic) {
        this.env = env;
        this.topic = topic;
    }

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (!Files.isReadable(file)) {
            err.printf("Cannot read %s%n", file);
            return 2;
        }
        if (!(speed >= 0) || Double.isInfinite(speed)) {
            err.printf("--speed must be a finite number >= 0, got %s%n", speed);
            return 2;
        }
        PublisherEnvConfig config = new PublisherEnvConfig(env);
        long published = 0;
        long skipped = 0;
        try (ServiceMetrics metrics = new ServiceMetrics(APPLICATION);
             Tracing tracing = Tracing.start(APPLICATION, config.traceSettings());
             TickPublisher publisher = TickPublisher.start(config.publisherOptions(APPLICATION).topic(topic).build(),
                     metrics.registry(), tracing);
             OpsServer ops = OpsServer.start(config.httpPort(), metrics.registry(),
                     () -> Health.up("replaying " + file.getFileName()),
                     () -> publisher.failure().map(e -> Health.down("publisher failed: " + e))
                             .orElse(Health.up(publisher.acknowledged() + " ticks acknowledged")));
             TickReader reader = TickReader.open(file, format)) {
            Counter bad = Counter.builder("atlas.ingest.replay.malformed")
                    .description("Lines of the replayed file that could not be read as ticks")
                    .register(metrics.registry());
            ReplayClock clock = new ReplayClock(speed, System.nanoTime());
            while (true) {
                MarketTick tick;
                try {
                    tick = reader.next();
                } catch (MalformedTickException e) {
                    bad.increment();
                    if (!skipBad) {
                        publisher.flush();
                        err.printf("%s: %s (stopped after publishing %d ticks; --skip-bad skips such lines)%n",
                                file, e.getMessage(), published);
                        return 1;
                    }
                    skipped++;
                    log.warn("{}: skipped {}", file, e.getMessage());
                    continue;
                }
                if (tick == null) {
                    break;
                }
                waitUntil(clock.dueNanos(tick.getExchangeTimeMicros()));
                publishRetrying(publisher, tick);
                published++;
            }
            publisher.flush();
            out.printf("Replayed %d ticks from %s (%d acknowledged, %d malformed lines skipped)%n", published, file,
                    publisher.acknowledged(), skipped);
            return publisher.failure().isPresent() ? 1 : 0;
        } catch (MalformedTickException e) {
            err.printf("%s: %s%n", file, e.getMessage());
            return 1;
        }
    }

    /** A refused tick used no sequence number: waiting and retrying keeps the file's order and loses nothing. */
    private static void publishRetrying(TickPublisher publisher, MarketTick tick) {
        while (true) {
            try {
                publisher.publish(tick);
                return;
            } catch (PublishRejectedException e) {
                log.warn("Back-pressure: {}; retrying", e.getMessage());
            }
        }
    }

    private static void waitUntil(long dueNanos) {
        long wait;
        while ((wait = dueNanos - System.nanoTime()) > 0) {
            LockSupport.parkNanos(wait);
        }
    }
}
