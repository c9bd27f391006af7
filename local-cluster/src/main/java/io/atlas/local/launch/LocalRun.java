package io.atlas.local.launch;

import io.atlas.catalog.Topics;
import io.atlas.local.kafka.CatalogTopics;
import io.atlas.local.kafka.ExternalKafka;
import io.atlas.local.kafka.ForkedKafka;
import io.atlas.local.kafka.FreePort;
import io.atlas.local.kafka.KafkaCluster;

import org.apache.kafka.clients.admin.Admin;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;

/**
 * Everything one {@code ./atlas up} runs: the broker (or an external cluster), the catalog's topics on it, and each
 * service of {@link AtlasServices} in its own JVM. Closing it stops the services in reverse order, then the broker.
 */
final class LocalRun implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(LocalRun.class);

    private final LauncherConfig config;
    private final Path runDir;
    private final Map<String, String> serviceEnv;
    /** Where ingest-cdc's embedded PostgreSQL listens: picked here, like the broker's port, so it can be recorded. */
    private final int postgresPort = FreePort.find();
    private final List<ServiceProcess> services = new ArrayList<>();
    private final AtomicBoolean closed = new AtomicBoolean();
    private KafkaCluster kafka;

    private LocalRun(LauncherConfig config, Map<String, String> serviceEnv) {
        this.config = config;
        this.serviceEnv = Map.copyOf(serviceEnv);
        this.runDir = config.runDir();
    }

    /** Starts the broker, creates the topics and starts the given services, waiting for each to be ready. */
    static LocalRun start(LauncherConfig config, List<ServiceSpec> specs) throws InterruptedException {
        return start(config, specs, Map.of());
    }

    /** As above, giving every service the variables {@code serviceEnv} too (e.g. tracing, {@link LocalTracing}). */
    static LocalRun start(LauncherConfig config, List<ServiceSpec> specs, Map<String, String> serviceEnv)
            throws InterruptedException {
        LocalRun run = new LocalRun(config, serviceEnv);
        try {
            run.startKafka();
            for (ServiceSpec spec : specs) {
                run.startService(spec);
            }
            run.state().write(run.runDir);
            return run;
        } catch (RuntimeException | InterruptedException e) {
            run.close();
            throw e;
        }
    }

    KafkaCluster kafka() {
        return kafka;
    }

    Map<String, String> serviceEnv() {
        return serviceEnv;
    }

    List<ServiceProcess> services() {
        return List.copyOf(services);
    }

    RunState state() {
        Map<String, String> endpoints = new LinkedHashMap<>();
        Map<String, Long> pids = new LinkedHashMap<>();
        Map<String, String> webSockets = new LinkedHashMap<>();
        for (ServiceProcess service : services) {
            endpoints.put(service.spec().name(), service.readiness().toString());
            pids.put(service.spec().name(), service.pid());
            if (!service.spec().webSocketUrl().isEmpty()) {
                webSockets.put(service.spec().name(), service.spec().webSocketUrl());
            }
        }
        return new RunState(ProcessHandle.current().pid(), kafka.bootstrapServers(),
                AtlasServices.postgresUrl(postgresPort), endpoints, pids, webSockets);
    }

    private void startKafka() throws InterruptedException {
        freshRunDir();
        String external = config.externalBootstrap();
        if (external.isEmpty()) {
            kafka = ForkedKafka.start(new ForkedKafka.Options(runDir.resolve("kafka"), logDir().resolve("kafka.log"),
                    config.kafkaPort(), config.kafkaHeap(), config.startTimeout()));
        } else {
            kafka = new ExternalKafka(external, config.clientProperties());
        }
        try (Admin admin = kafka.admin()) {
            CatalogTopics.create(admin, Topics.all());
        }
        log.info("Kafka ready at {} with the catalog's {} topics", kafka.bootstrapServers(), Topics.all().size());
    }

    private void startService(ServiceSpec spec) throws InterruptedException {
        Map<String, String> env = new HashMap<>(serviceEnv);
        env.put(LauncherConfig.KAFKA_BOOTSTRAP, kafka.bootstrapServers());
        env.put(AtlasServices.EMBEDDED_POSTGRES_PORT, Integer.toString(postgresPort));
        if (!config.clientConfigFile().isBlank()) {
            env.put(LauncherConfig.KAFKA_CLIENT_CONFIG, config.clientConfigFile());
        }
        try {
            ServiceProcess service = ServiceProcess.start(spec, classpath(spec), FreePort.find(), env, logDir());
            services.add(service);
            service.awaitReady(config.startTimeout());
            log.info("{} ready (pid {}) at {}", spec.name(), service.pid(), service.readiness());
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot start " + spec.name(), e);
        }
    }

    /** The module's compiled classes and the runtime classpath its build wrote down (see the root pom). */
    private String classpath(ServiceSpec spec) throws IOException {
        Path target = config.home().resolve(spec.module()).resolve("target");
        Path dependencies = target.resolve("runtime.classpath");
        if (!Files.isRegularFile(dependencies)) {
            throw new IllegalStateException(dependencies + " is missing: build first (./atlas up builds what is "
                    + "missing, or run mvn -DskipTests package)");
        }
        return target.resolve("classes") + File.pathSeparator + Files.readString(dependencies).trim();
    }

    Path logDir() {
        return runDir.resolve("logs");
    }

    /** A new run replaces the broker data and logs of the previous one; nothing else in the folder is touched. */
    private void freshRunDir() {
        try {
            for (Path owned : List.of(runDir.resolve("kafka"), logDir())) {
                if (Files.isDirectory(owned)) {
                    try (Stream<Path> files = Files.walk(owned)) {
                        for (Path path : files.sorted(Comparator.reverseOrder()).toList()) {
                            Files.delete(path);
                        }
                    }
                }
            }
            Files.createDirectories(logDir());
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot prepare the run folder " + runDir, e);
        }
    }

    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        RunState.clear(runDir);
        for (int i = services.size() - 1; i >= 0; i--) {
            ServiceProcess service = services.get(i);
            log.info("Stopping {}", service.spec().name());
            service.close();
        }
        if (kafka != null) {
            log.info("Stopping {}", kafka);
            kafka.close();
        }
    }
}
