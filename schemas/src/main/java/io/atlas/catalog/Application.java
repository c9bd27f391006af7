package io.atlas.catalog;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;

/**
 * The public facts of one Atlas application: how it is started, which ports it listens on, which Kafka topics,
 * consumer group and transactional ids it uses, what it talks to outside Kafka and how it scales.
 *
 * <p>The deployment generators (Strimzi ACLs, Kubernetes Deployments, KEDA scalers, network policies) derive
 * everything from these facts, so a service that changes what it reads or writes changes them here.
 */
public final class Application {

    /** The port of the ops HTTP server ({@code io.atlas.ops.OpsServer}: health and metrics) in every container. */
    public static final int DEFAULT_OPS_PORT = 8080;

    /** A service outside Kafka that an application connects to. */
    public enum External {
        POSTGRESQL(5432),
        REDIS(6379);

        private final int port;

        External(int port) {
            this.port = port;
        }

        public int port() {
            return port;
        }
    }

    /** How many replicas an application runs and what drives that number. */
    public sealed interface Scaling {

        /** Always {@code replicas}; {@code 1} where the application allows a single reader only. */
        record Fixed(int replicas) implements Scaling {
        }

        /** On the lag of the application's consumer group on {@code topic}, so never beyond its partitions. */
        record ConsumerLag(Topic<?, ?> topic) implements Scaling {
        }

        /**
         * On a per-pod gauge: {@code meterName} as registered in Micrometer, {@code prometheusName} as scraped.
         */
        record PerPodGauge(String meterName, String prometheusName) implements Scaling {
        }
    }

    private final String name;
    private final String module;
    private final String mainClass;
    private final List<String> arguments;
    private final int opsPort;
    private final Integer clientPort;
    private final String consumerGroup;
    private final String transactionalIdPrefix;
    private final String internalTopicPrefix;
    private final List<Topic<?, ?>> reads;
    private final List<Topic<?, ?>> writes;
    private final Set<External> externals;
    private final Scaling scaling;

    private Application(Builder builder) {
        this.name = builder.name;
        this.module = Objects.requireNonNull(builder.module, () -> name + ": module");
        this.mainClass = Objects.requireNonNull(builder.mainClass, () -> name + ": main class");
        this.arguments = List.copyOf(builder.arguments);
        this.opsPort = builder.opsPort;
        this.clientPort = builder.clientPort;
        this.consumerGroup = builder.consumerGroup;
        this.transactionalIdPrefix = builder.transactionalIdPrefix;
        this.internalTopicPrefix = builder.internalTopicPrefix;
        this.reads = List.copyOf(builder.reads);
        this.writes = List.copyOf(builder.writes);
        this.externals = Set.copyOf(builder.externals);
        this.scaling = Objects.requireNonNull(builder.scaling, () -> name + ": scaling");
        if (scaling instanceof Scaling.ConsumerLag lag && (consumerGroup == null || !reads.contains(lag.topic()))) {
            throw new IllegalArgumentException(name + ": scaling on lag needs a consumer group reading " + lag.topic());
        }
        if (internalTopicPrefix != null && consumerGroup == null) {
            throw new IllegalArgumentException(name + ": a Streams application id is also its consumer group");
        }
    }

    public static Builder builder(String name) {
        return new Builder(name);
    }

    /** The application's name: Kubernetes resources, the Kafka user and the {@code application} metric tag. */
    public String name() {
        return name;
    }

    /** The Maven module whose jar holds the main class. */
    public String module() {
        return module;
    }

    public String mainClass() {
        return mainClass;
    }

    /** Arguments after the main class, e.g. the subcommand. */
    public List<String> arguments() {
        return arguments;
    }

    /** The ops HTTP port: {@code /health/live}, {@code /health/ready}, {@code /metrics}. */
    public int opsPort() {
        return opsPort;
    }

    /** The port clients outside the cluster connect to, if any (the gateway's WebSocket port). */
    public OptionalInt clientPort() {
        return clientPort == null ? OptionalInt.empty() : OptionalInt.of(clientPort);
    }

    /** The consumer group ({@code group.id}, or a Streams {@code application.id}); empty when it assigns manually. */
    public Optional<String> consumerGroup() {
        return Optional.ofNullable(consumerGroup);
    }

    /** The prefix of its {@code transactional.id}s; empty when it does not use transactions. */
    public Optional<String> transactionalIdPrefix() {
        return Optional.ofNullable(transactionalIdPrefix);
    }

    /** The prefix of the Kafka Streams internal topics (changelogs, repartitions); empty for plain clients. */
    public Optional<String> internalTopicPrefix() {
        return Optional.ofNullable(internalTopicPrefix);
    }

    /** Topics it consumes, with its group or by manual assignment. */
    public List<Topic<?, ?>> reads() {
        return reads;
    }

    /** Topics it produces to. */
    public List<Topic<?, ?>> writes() {
        return writes;
    }

    /** Services outside Kafka it connects to. */
    public Set<External> externals() {
        return externals;
    }

    public Scaling scaling() {
        return scaling;
    }

    @Override
    public String toString() {
        return name;
    }

    /** Collects an application's facts; {@link #build()} checks that they agree. */
    public static final class Builder {

        private final String name;
        private String module;
        private String mainClass;
        private List<String> arguments = List.of();
        private int opsPort = DEFAULT_OPS_PORT;
        private Integer clientPort;
        private String consumerGroup;
        private String transactionalIdPrefix;
        private String internalTopicPrefix;
        private List<Topic<?, ?>> reads = List.of();
        private List<Topic<?, ?>> writes = List.of();
        private Set<External> externals = Set.of();
        private Scaling scaling;

        private Builder(String name) {
            if (name == null || !name.matches("[a-z][a-z0-9-]*")) {
                throw new IllegalArgumentException("Application name must be a DNS label, not " + name);
            }
            this.name = name;
        }

        public Builder main(String module, String mainClass, String... arguments) {
            this.module = module;
            this.mainClass = mainClass;
            this.arguments = List.of(arguments);
            return this;
        }

        public Builder clientPort(int port) {
            this.clientPort = port;
            return this;
        }

        public Builder consumerGroup(String group) {
            this.consumerGroup = group;
            return this;
        }

        public Builder transactionalIdPrefix(String prefix) {
            this.transactionalIdPrefix = prefix;
            return this;
        }

        /** A Kafka Streams application: its id is the group, the internal-topic and transactional-id prefix. */
        public Builder streamsApplicationId(String applicationId) {
            this.consumerGroup = applicationId;
            this.internalTopicPrefix = applicationId + "-";
            this.transactionalIdPrefix = applicationId + "-";
            return this;
        }

        public Builder reads(Topic<?, ?>... topics) {
            this.reads = List.of(topics);
            return this;
        }

        public Builder writes(Topic<?, ?>... topics) {
            this.writes = List.of(topics);
            return this;
        }

        public Builder externals(External... externals) {
            this.externals = Set.of(externals);
            return this;
        }

        public Builder scaling(Scaling scaling) {
            this.scaling = scaling;
            return this;
        }

        public Application build() {
            return new Application(this);
        }
    }
}
