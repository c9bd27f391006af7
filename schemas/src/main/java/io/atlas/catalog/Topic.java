package io.atlas.catalog;

import io.atlas.schemas.serde.AvroSerde;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.apache.avro.Schema;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.serialization.Serde;

/**
 * Describes one Kafka topic: its name, what its keys and values are, how they are serialized, and its topic configs.
 *
 * <p>Services take serdes from here and the Strimzi generator takes {@link #partitions()} and {@link #configs()}, so
 * the two can never disagree.
 *
 * @param <K> key type
 * @param <V> value type
 */
public final class Topic<K, V> {

    /** Retention of topics that keep records without a time limit (compacted ones); {@code retention.ms} is -1. */
    public static final Duration UNLIMITED = ChronoUnit.FOREVER.getDuration();

    private final String name;
    private final String description;
    private final String keyDescription;
    private final Serde<K> keySerde;
    private final Serde<V> valueSerde;
    private final int partitions;
    private final Duration retention;
    private final CleanupPolicy cleanupPolicy;
    private final Map<String, String> configs;

    private Topic(Builder<K, V> builder) {
        this.name = builder.name;
        this.description = Objects.requireNonNull(builder.description, () -> name + ": description");
        this.keyDescription = Objects.requireNonNull(builder.keyDescription, () -> name + ": key description");
        this.keySerde = builder.keySerde;
        this.valueSerde = builder.valueSerde;
        this.partitions = builder.partitions;
        this.retention = Objects.requireNonNull(builder.retention, () -> name + ": retention or compaction");
        this.cleanupPolicy = builder.cleanupPolicy;
        if (partitions < 1) {
            throw new IllegalArgumentException(name + ": partitions must be at least 1, not " + partitions);
        }
        Map<String, String> all = new LinkedHashMap<>();
        all.put(TopicConfig.CLEANUP_POLICY_CONFIG, cleanupPolicy.configValue());
        all.put(TopicConfig.RETENTION_MS_CONFIG, retention.equals(UNLIMITED) ? "-1" : Long.toString(retention.toMillis()));
        builder.extraConfigs.forEach((key, value) -> {
            if (all.containsKey(key)) {
                throw new IllegalArgumentException(name + ": " + key + " is set by the cleanup policy and retention");
            }
            all.put(key, value);
        });
        this.configs = Collections.unmodifiableMap(all);
    }

    /**
     * Starts describing a topic.
     *
     * @param name the Kafka topic name
     * @param keySerde how keys are serialized
     * @param valueSerde how values are serialized; an {@link AvroSerde} makes its schema the {@link #valueSchema()}
     */
    public static <K, V> Builder<K, V> builder(String name, Serde<K> keySerde, Serde<V> valueSerde) {
        return new Builder<>(name, keySerde, valueSerde);
    }

    public String name() {
        return name;
    }

    /** What the topic carries and who writes it. */
    public String description() {
        return description;
    }

    /** What the key is, e.g. {@code symbol}. */
    public String keyDescription() {
        return keyDescription;
    }

    /** The Avro schema of the values, or {@code null} when values are not Avro (raw JSON, Connect offsets). */
    public Schema valueSchema() {
        return valueSerde instanceof AvroSerde<?> avro ? avro.schema() : null;
    }

    public Serde<K> keySerde() {
        return keySerde;
    }

    public Serde<V> valueSerde() {
        return valueSerde;
    }

    public int partitions() {
        return partitions;
    }

    /** How long records are kept; {@link #UNLIMITED} for compacted topics (do not call {@code toMillis()} on it). */
    public Duration retention() {
        return retention;
    }

    public CleanupPolicy cleanupPolicy() {
        return cleanupPolicy;
    }

    /** Topic-level Kafka configs: {@code cleanup.policy}, {@code retention.ms} (-1 when unlimited), then extras. */
    public Map<String, String> configs() {
        return configs;
    }

    @Override
    public String toString() {
        return name;
    }

    /** Collects a topic's facts; {@link #build()} checks them. */
    public static final class Builder<K, V> {

        private final String name;
        private final Serde<K> keySerde;
        private final Serde<V> valueSerde;
        private final Map<String, String> extraConfigs = new LinkedHashMap<>();
        private String description;
        private String keyDescription;
        private int partitions;
        private Duration retention;
        private CleanupPolicy cleanupPolicy;

        private Builder(String name, Serde<K> keySerde, Serde<V> valueSerde) {
            if (name == null || name.isBlank()) {
                throw new IllegalArgumentException("Topic name must not be blank");
            }
            this.name = name;
            this.keySerde = Objects.requireNonNull(keySerde, () -> name + ": key serde");
            this.valueSerde = Objects.requireNonNull(valueSerde, () -> name + ": value serde");
        }

        public Builder<K, V> description(String description) {
            this.description = description;
            return this;
        }

        public Builder<K, V> key(String keyDescription) {
            this.keyDescription = keyDescription;
            return this;
        }

        public Builder<K, V> partitions(int partitions) {
            this.partitions = partitions;
            return this;
        }

        /** Deletes records older than {@code retention}. */
        public Builder<K, V> deleteAfter(Duration retention) {
            this.cleanupPolicy = CleanupPolicy.DELETE;
            this.retention = retention;
            return this;
        }

        /** Keeps the latest record per key, with no time limit. */
        public Builder<K, V> compacted() {
            this.cleanupPolicy = CleanupPolicy.COMPACT;
            this.retention = UNLIMITED;
            return this;
        }

        /** Adds a topic-level Kafka config beyond cleanup policy and retention, e.g. {@code max.message.bytes}. */
        public Builder<K, V> config(String key, String value) {
            extraConfigs.put(key, value);
            return this;
        }

        public Topic<K, V> build() {
            return new Topic<>(this);
        }
    }
}
