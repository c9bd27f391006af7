package io.atlas.local.kafka;

import io.atlas.local.process.ChildJvm;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.Uuid;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A single-node KRaft broker in its own JVM, started from the Kafka jars Maven resolved for this module: storage is
 * formatted with {@code kafka.tools.StorageTool format}, then {@code kafka.Kafka} runs on loopback ports with its
 * data under the given folder and its output in a log file. This is the broker of {@code ./atlas up} and of the
 * benchmarks, which must not share a JVM (or a garbage collector) with the clients they measure.
 */
public final class ForkedKafka implements KafkaCluster {

    private static final Logger log = LoggerFactory.getLogger(ForkedKafka.class);

    private final ChildJvm jvm;
    private final String bootstrapServers;

    private ForkedKafka(ChildJvm jvm, String bootstrapServers) {
        this.jvm = jvm;
        this.bootstrapServers = bootstrapServers;
    }

    /**
     * How to start the broker.
     *
     * @param dataDir      its folder: server.properties and the log data, formatted afresh
     * @param logFile      where its output goes
     * @param port         the client port; 0 picks a free one
     * @param maxHeap      its heap, as for -Xmx
     * @param startTimeout how long it may take to answer
     */
    public record Options(Path dataDir, Path logFile, int port, String maxHeap, Duration startTimeout) {
        public Options {
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("port must be within 0..65535, got " + port);
            }
        }
    }

    /** Formats fresh storage, starts the broker JVM and returns once the broker answers an admin request. */
    public static ForkedKafka start(Options options) throws InterruptedException {
        int port = options.port() == 0 ? FreePort.find() : options.port();
        String bootstrap = "127.0.0.1:" + port;
        try {
            Files.createDirectories(options.dataDir());
            Path serverProperties = writeServerProperties(options.dataDir(), port, FreePort.find());
            List<String> jvmOptions = KraftNode.jvmOptions(options.dataDir(), options.maxHeap());
            KraftNode.format(Uuid.randomUuid().toString(), serverProperties, jvmOptions, options.logFile());
            ChildJvm broker = KraftNode.start("kafka", jvmOptions, serverProperties, options.logFile());
            ForkedKafka kafka = new ForkedKafka(broker, bootstrap);
            try {
                kafka.awaitReady(options.startTimeout());
            } catch (RuntimeException | InterruptedException e) {
                kafka.close();
                throw e;
            }
            log.info("Kafka broker (pid {}) listening at {}", broker.pid(), bootstrap);
            return kafka;
        } catch (IOException e) {
            throw new UncheckedIOException("Could not start the broker in " + options.dataDir(), e);
        }
    }

    @Override
    public String bootstrapServers() {
        return bootstrapServers;
    }

    public long pid() {
        return jvm.pid();
    }

    /** Stops the broker with SIGTERM, which runs Kafka's controlled shutdown. */
    @Override
    public void close() {
        jvm.close();
    }

    private void awaitReady(Duration timeout) throws InterruptedException {
        Instant deadline = Instant.now().plus(timeout);
        try (Admin admin = admin()) {
            while (true) {
                jvm.ensureAlive("starting");
                try {
                    admin.describeCluster().nodes().get(1, TimeUnit.SECONDS);
                    return;
                } catch (ExecutionException | TimeoutException e) {
                    if (Instant.now().isAfter(deadline)) {
                        throw new IllegalStateException("The Kafka broker did not answer within " + timeout
                                + "; see " + jvm.logFile(), e);
                    }
                }
            }
        }
    }

    private static Path writeServerProperties(Path dataDir, int port, int controllerPort) throws IOException {
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("process.roles", "broker,controller");
        settings.put("node.id", "1");
        settings.put("controller.quorum.voters", "1@127.0.0.1:" + controllerPort);
        settings.put("listeners", "PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort);
        settings.put("advertised.listeners", "PLAINTEXT://127.0.0.1:" + port);
        settings.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        settings.put("controller.listener.names", "CONTROLLER");
        settings.put("inter.broker.listener.name", "PLAINTEXT");
        settings.put("log.dirs", dataDir.resolve("data").toAbsolutePath().toString());
        settings.putAll(SingleNodeSettings.overrides());
        return KraftNode.writeProperties(dataDir, settings, "Single-node KRaft broker written by Atlas");
    }

    @Override
    public String toString() {
        return "Kafka broker (pid " + jvm.pid() + ") at " + bootstrapServers;
    }
}
