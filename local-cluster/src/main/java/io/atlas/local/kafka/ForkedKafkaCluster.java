package io.atlas.local.kafka;

import io.atlas.local.process.ChildJvm;

import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListTopicsOptions;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.Uuid;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;

/**
 * A KRaft cluster of its own controller quorum and N brokers, every node a JVM of its own started from the Maven
 * jars, so that one broker can be stopped with SIGTERM (Kafka's controlled shutdown, as Strimzi rolls a pod),
 * killed with SIGKILL, frozen with SIGSTOP, and started again on its own storage, while clients keep running. The
 * nodes run the settings the caller gives (a production cluster's replication, min ISR, rack awareness), each
 * broker in its rack; storage is formatted afresh once, at {@link #start}.
 */
public final class ForkedKafkaCluster implements KafkaCluster {

    private static final Logger log = LoggerFactory.getLogger(ForkedKafkaCluster.class);
    private static final int FIRST_BROKER_ID = 1;
    private static final int FIRST_CONTROLLER_ID = 100;
    private static final Duration ADMIN_CALL = Duration.ofSeconds(5);

    /**
     * How to run the cluster.
     *
     * @param dataDir        its folder: one subfolder per node with its server.properties and log data
     * @param logDir         where each node's output goes ({@code controller-<id>.log}, {@code broker-<id>.log})
     * @param controllers    how many controllers form the quorum (1 or 3 on a small machine)
     * @param brokerRacks    one entry per broker: its {@code broker.rack} (a zone)
     * @param clusterSettings settings of every node, on top of the listeners (and the brokers' small-machine
     *                        defaults), as Strimzi gives the {@code Kafka} resource's config to every node pool: a
     *                        KRaft controller reads the topic defaults ({@code default.replication.factor},
     *                        {@code min.insync.replicas}) when it creates a topic, so brokers alone having them
     *                        would leave every topic created without an explicit replication at one replica
     * @param brokerHeap     each broker's heap, as for -Xmx
     * @param controllerHeap each controller's heap
     * @param startTimeout   how long the cluster, or a restarted broker, may take to answer
     */
    public record Options(Path dataDir, Path logDir, int controllers, List<String> brokerRacks,
                          Map<String, String> clusterSettings, String brokerHeap, String controllerHeap,
                          Duration startTimeout) {
        public Options {
            if (controllers < 1) {
                throw new IllegalArgumentException("controllers must be at least 1, got " + controllers);
            }
            if (brokerRacks.isEmpty()) {
                throw new IllegalArgumentException("brokerRacks must name at least one broker's rack");
            }
            brokerRacks = List.copyOf(brokerRacks);
            clusterSettings = Map.copyOf(clusterSettings);
        }
    }

    /** One node of the cluster: its id, its storage and settings, and its JVM while it runs. */
    public static final class Node {
        private final String role;
        private final int id;
        private final String rack;
        private final int port;
        private final Path serverProperties;
        private final Path logFile;
        private final List<String> jvmOptions;
        private ChildJvm jvm;

        private Node(String role, int id, String rack, int port, Path serverProperties, Path logFile,
                     List<String> jvmOptions) {
            this.role = role;
            this.id = id;
            this.rack = rack;
            this.port = port;
            this.serverProperties = serverProperties;
            this.logFile = logFile;
            this.jvmOptions = jvmOptions;
        }

        public int id() {
            return id;
        }

        /** Its {@code broker.rack}; empty for a controller. */
        public String rack() {
            return rack;
        }

        /** {@code host:port} of its client listener (a broker) or its controller listener. */
        public String address() {
            return "127.0.0.1:" + port;
        }

        public synchronized long pid() {
            return jvm == null ? -1 : jvm.pid();
        }

        public synchronized boolean running() {
            return jvm != null && jvm.isAlive();
        }

        public Path logFile() {
            return logFile;
        }

        private synchronized void launch() throws IOException {
            jvm = KraftNode.start(role + "-" + id, jvmOptions, serverProperties, logFile);
        }

        private synchronized ChildJvm jvm() {
            if (jvm == null) {
                throw new IllegalStateException(this + " is not running");
            }
            return jvm;
        }

        @Override
        public String toString() {
            return role + " " + id + (rack.isEmpty() ? "" : " (rack " + rack + ")");
        }
    }

    private final Options options;
    private final List<Node> controllers;
    private final List<Node> brokers;
    private final String bootstrapServers;

    private ForkedKafkaCluster(Options options, List<Node> controllers, List<Node> brokers) {
        this.options = options;
        this.controllers = List.copyOf(controllers);
        this.brokers = List.copyOf(brokers);
        this.bootstrapServers = brokers.stream().map(Node::address).collect(Collectors.joining(","));
    }

    /** Formats fresh storage for every node, starts the quorum, then the brokers; returns once all are registered. */
    public static ForkedKafkaCluster start(Options options) throws InterruptedException {
        try {
            Files.createDirectories(options.logDir());
            Map<Integer, Integer> controllerPorts = new LinkedHashMap<>();
            for (int i = 0; i < options.controllers(); i++) {
                controllerPorts.put(FIRST_CONTROLLER_ID + i, FreePort.find());
            }
            String voters = controllerPorts.entrySet().stream()
                    .map(entry -> entry.getKey() + "@127.0.0.1:" + entry.getValue())
                    .collect(Collectors.joining(","));
            String clusterId = Uuid.randomUuid().toString();
            List<Callable<Node>> nodes = new ArrayList<>();
            for (Map.Entry<Integer, Integer> controller : controllerPorts.entrySet()) {
                nodes.add(() -> prepare(options, clusterId, "controller", controller.getKey(), "",
                        controller.getValue(), controllerSettings(options, controller.getValue(), voters),
                        options.controllerHeap()));
            }
            for (int i = 0; i < options.brokerRacks().size(); i++) {
                int id = FIRST_BROKER_ID + i;
                int port = FreePort.find();
                String rack = options.brokerRacks().get(i);
                Map<String, String> settings = new LinkedHashMap<>(SingleNodeSettings.smallMachine());
                settings.putAll(options.clusterSettings());
                settings.putAll(brokerListeners(port, voters));
                settings.put("broker.rack", rack);
                nodes.add(() -> prepare(options, clusterId, "broker", id, rack, port, settings, options.brokerHeap()));
            }
            List<Node> prepared = formatAll(nodes);
            List<Node> controllers = prepared.subList(0, controllerPorts.size());
            List<Node> brokers = prepared.subList(controllerPorts.size(), prepared.size());
            ForkedKafkaCluster cluster = new ForkedKafkaCluster(options, controllers, brokers);
            try {
                for (Node node : controllers) {
                    node.launch();
                }
                for (Node node : brokers) {
                    node.launch();
                }
                cluster.awaitRegistered(brokers, options.startTimeout());
            } catch (RuntimeException | InterruptedException e) {
                cluster.close();
                throw e;
            }
            log.info("KRaft cluster of {} controller(s) and {} brokers at {}", controllers.size(), brokers.size(),
                    cluster.bootstrapServers);
            return cluster;
        } catch (IOException e) {
            throw new UncheckedIOException("Could not start the cluster in " + options.dataDir(), e);
        }
    }

    @Override
    public String bootstrapServers() {
        return bootstrapServers;
    }

    public List<Node> brokers() {
        return brokers;
    }

    public List<Node> controllers() {
        return controllers;
    }

    /** Stops a broker with SIGTERM, which runs Kafka's controlled shutdown, and returns once it has exited. */
    public void stop(Node broker) {
        broker.jvm().close();
    }

    /** Kills a node with SIGKILL: no controlled shutdown, no flush. */
    public void kill(Node node) throws InterruptedException {
        node.jvm().kill();
    }

    /** Freezes a broker with SIGSTOP: its connections stay open and unanswered until {@link #resume}. */
    public void pause(Node broker) throws InterruptedException {
        broker.jvm().pause();
    }

    public void resume(Node broker) throws InterruptedException {
        broker.jvm().resume();
    }

    /** Starts a stopped or killed broker again on its own storage; returns once the controller has it unfenced. */
    public void restart(Node broker) throws InterruptedException {
        if (broker.running()) {
            throw new IllegalStateException(broker + " is still running");
        }
        try {
            broker.launch();
        } catch (IOException e) {
            throw new UncheckedIOException("Could not start " + broker + " again", e);
        }
        awaitRegistered(List.of(broker), options.startTimeout());
    }

    /**
     * Waits until no partition of any topic (internal ones included) has fewer in-sync replicas than replicas: what
     * Strimzi waits for before it rolls the next broker.
     */
    public void awaitFullyReplicated(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        Set<String> lagging = Set.of();
        try (Admin admin = admin()) {
            while (System.nanoTime() < deadline) {
                try {
                    lagging = underReplicated(admin);
                    if (lagging.isEmpty()) {
                        return;
                    }
                } catch (ExecutionException | TimeoutException e) {
                    lagging = Set.of("(cluster not answering: " + e.getMessage() + ")");
                }
                TimeUnit.MILLISECONDS.sleep(250);
            }
        }
        throw new IllegalStateException("Partitions still under-replicated after " + timeout + ": " + lagging);
    }

    /** Partitions (as {@code topic-partition}) whose in-sync replicas are fewer than their replicas. */
    public Set<String> underReplicated(Admin admin) throws ExecutionException, TimeoutException,
            InterruptedException {
        Collection<String> names = admin.listTopics(new ListTopicsOptions().listInternal(true)).names()
                .get(ADMIN_CALL.toMillis(), TimeUnit.MILLISECONDS);
        Map<String, TopicDescription> topics = admin.describeTopics(names).allTopicNames()
                .get(ADMIN_CALL.toMillis(), TimeUnit.MILLISECONDS);
        return topics.values().stream()
                .flatMap(topic -> topic.partitions().stream()
                        .filter(partition -> partition.isr().size() < partition.replicas().size())
                        .map(partition -> topic.name() + "-" + partition.partition()))
                .collect(Collectors.toCollection(TreeSet::new));
    }

    @Override
    public Admin admin() {
        return Admin.create(Map.of(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 15_000,
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000));
    }

    /** Kills every node at once, as losing the whole region would. */
    public void killAll() throws InterruptedException {
        for (Node node : brokers) {
            if (node.running()) {
                node.jvm().kill();
            }
        }
        for (Node node : controllers) {
            if (node.running()) {
                node.jvm().kill();
            }
        }
    }

    /** Stops the brokers (thawing a frozen one first), then the controllers; may be called more than once. */
    @Override
    public void close() {
        for (Node node : brokers) {
            stopQuietly(node);
        }
        for (Node node : controllers) {
            stopQuietly(node);
        }
    }

    private static void stopQuietly(Node node) {
        ChildJvm jvm;
        synchronized (node) {
            jvm = node.jvm;
        }
        if (jvm == null || !jvm.isAlive()) {
            return;
        }
        try {
            jvm.resume();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            log.debug("Could not thaw {} before stopping it: {}", node, e.toString());
        }
        jvm.close();
    }

    private void awaitRegistered(List<Node> expected, Duration timeout) throws InterruptedException {
        Set<Integer> ids = expected.stream().map(Node::id).collect(Collectors.toSet());
        long deadline = System.nanoTime() + timeout.toNanos();
        try (Admin admin = admin()) {
            while (true) {
                for (Node node : expected) {
                    node.jvm().ensureAlive("starting");
                }
                for (Node node : controllers) {
                    node.jvm().ensureAlive("running the quorum");
                }
                try {
                    Set<Integer> registered = admin.describeCluster().nodes().get(1, TimeUnit.SECONDS).stream()
                            .map(org.apache.kafka.common.Node::id).collect(Collectors.toSet());
                    if (registered.containsAll(ids)) {
                        return;
                    }
                } catch (ExecutionException | TimeoutException e) {
                    log.debug("Cluster not answering yet: {}", e.toString());
                }
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException(expected + " did not register within " + timeout + "; see "
                            + expected.get(0).logFile());
                }
                TimeUnit.MILLISECONDS.sleep(200);
            }
        }
    }

    /** Formats every node's storage at once: each format is a JVM of its own, seconds apiece on a small machine. */
    private static List<Node> formatAll(List<Callable<Node>> nodes) throws IOException, InterruptedException {
        ExecutorService formatters = Executors.newFixedThreadPool(nodes.size());
        try {
            List<Node> prepared = new ArrayList<>();
            for (Future<Node> node : formatters.invokeAll(nodes)) {
                try {
                    prepared.add(node.get());
                } catch (ExecutionException e) {
                    if (e.getCause() instanceof IOException io) {
                        throw io;
                    }
                    throw new IllegalStateException("Could not format a node's storage", e.getCause());
                }
            }
            return prepared;
        } finally {
            formatters.shutdownNow();
        }
    }

    private static Node prepare(Options options, String clusterId, String role, int id, String rack, int port,
                                Map<String, String> settings, String heap) throws IOException, InterruptedException {
        Path dir = options.dataDir().resolve(role + "-" + id);
        Files.createDirectories(dir);
        settings.put("node.id", Integer.toString(id));
        settings.put("log.dirs", dir.resolve("data").toAbsolutePath().toString());
        Path properties = KraftNode.writeProperties(dir, settings, "KRaft " + role + " " + id + " written by Atlas");
        List<String> jvmOptions = KraftNode.jvmOptions(dir, heap);
        Path logFile = options.logDir().resolve(role + "-" + id + ".log");
        KraftNode.format(clusterId, properties, jvmOptions, logFile);
        return new Node(role, id, rack, port, properties, logFile, jvmOptions);
    }

    private static Map<String, String> controllerSettings(Options options, int port, String voters) {
        Map<String, String> settings = new LinkedHashMap<>(options.clusterSettings());
        settings.put("process.roles", "controller");
        settings.put("controller.quorum.voters", voters);
        settings.put("listeners", "CONTROLLER://127.0.0.1:" + port);
        settings.put("listener.security.protocol.map", "CONTROLLER:PLAINTEXT");
        settings.put("controller.listener.names", "CONTROLLER");
        return settings;
    }

    private static Map<String, String> brokerListeners(int port, String voters) {
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("process.roles", "broker");
        settings.put("controller.quorum.voters", voters);
        settings.put("listeners", "PLAINTEXT://127.0.0.1:" + port);
        settings.put("advertised.listeners", "PLAINTEXT://127.0.0.1:" + port);
        settings.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        settings.put("controller.listener.names", "CONTROLLER");
        settings.put("inter.broker.listener.name", "PLAINTEXT");
        return settings;
    }

    @Override
    public String toString() {
        return "KRaft cluster of " + brokers.size() + " brokers at " + bootstrapServers;
    }
}
