package io.atlas.local.kafka;

import io.atlas.local.process.ChildJvm;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.Uuid;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
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
            Path log4j = copyResource("broker-log4j2.properties", options.dataDir().resolve("log4j2.properties"));
            List<String> jvmOptions = List.of("-Xms" + options.maxHeap(), "-Xmx" + options.maxHeap(),
                    "-XX:+UseG1GC", "-XX:MaxGCPauseMillis=20", "-Djava.awt.headless=true",
                    // Keep logging until Kafka's own shutdown hook has finished its controlled shutdown.
                    "-Dlog4j2.shutdownHookEnabled=false",
                    "-Dlog4j2.configurationFile=" + log4j.toAbsolutePath());
            String classpath = System.getProperty("java.class.path");

            List<String> format = List.of("format", "-t", Uuid.randomUuid().toString(), "-c", serverProperties.toString());
            try (ChildJvm formatter = ChildJvm.start("kafka-storage-format", jvmOptions, classpath,
                    "kafka.tools.StorageTool", format, Map.of(), options.logFile())) {
                int exit = formatter.awaitExit(Duration.ofSeconds(60));
                if (exit != 0) {
                    throw new IllegalStateException("Formatting the broker's storage failed with exit code " + exit
                            + "; see " + options.logFile());
                }
            }
            ChildJvm broker = ChildJvm.start("kafka", jvmOptions, classpath, "kafka.Kafka",
                    List.of(serverProperties.toString()), Map.of(), options.logFile());
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
        Properties properties = new Properties();
        properties.putAll(settings);
        Path file = dataDir.resolve("server.properties");
        try (Writer writer = Files.newBufferedWriter(file)) {
            properties.store(writer, "Single-node KRaft broker written by Atlas");
        }
        return file;
    }

    private static Path copyResource(String name, Path target) throws IOException {
        try (InputStream in = ForkedKafka.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("Missing resource " + name + " next to " + ForkedKafka.class);
            }
            Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
        }
        return target;
    }

    @Override
    public String toString() {
        return "Kafka broker (pid " + jvm.pid() + ") at " + bootstrapServers;
    }
}
