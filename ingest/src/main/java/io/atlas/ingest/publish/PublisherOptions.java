package io.atlas.ingest.publish;

import io.atlas.catalog.Topic;
import io.atlas.catalog.Topics;
import io.atlas.events.MarketTick;

import org.apache.kafka.clients.CommonClientConfigs;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * How a {@link TickPublisher} sends: where, with which compression and batching, and how much it may have in flight.
 * Built with {@link #builder(Map)}; every value is checked when built, naming the option.
 *
 * @param clientSettings     Kafka client settings (at least {@code bootstrap.servers}; TLS/SASL as needed). The
 *                           delivery guarantees ({@code acks}, idempotence) are the publisher's and cannot be overridden
 * @param topic              where ticks go; {@link Topics#TICKS} unless a test needs its own
 * @param compression        {@code lz4} (default: measured about 3 times zstd's steady-state throughput here, at
 *                           half its latency; zstd stores 40% fewer bytes; see README), {@code zstd},
 *                           {@code snappy}, {@code gzip} or {@code none}
 * @param lingerMillis       how long a partition's batch may wait for more records
 * @param batchBytes         the most bytes of one partition batch
 * @param maxInFlightRecords the budget: records sent but not yet acknowledged or failed
 * @param maxWait            how long {@code publish} blocks for budget before a {@link PublishRejectedException}
 * @param clientId           the producer's {@code client.id}, visible in broker metrics and logs
 */
public record PublisherOptions(Map<String, Object> clientSettings, Topic<String, MarketTick> topic, String compression,
                               int lingerMillis, int batchBytes, int maxInFlightRecords, Duration maxWait,
                               String clientId) {

    public static final String DEFAULT_COMPRESSION = "lz4";
    public static final int DEFAULT_LINGER_MILLIS = 5;
    public static final int DEFAULT_BATCH_BYTES = 128 * 1024;
    public static final int DEFAULT_MAX_IN_FLIGHT_RECORDS = 20_000;
    public static final Duration DEFAULT_MAX_WAIT = Duration.ofSeconds(5);
    public static final String DEFAULT_CLIENT_ID = "atlas-tick-publisher";

    static final Set<String> COMPRESSIONS = Set.of("none", "gzip", "snappy", "lz4", "zstd");

    public PublisherOptions {
        clientSettings = Map.copyOf(clientSettings);
        if (!clientSettings.containsKey(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG)) {
            throw new IllegalArgumentException("clientSettings must contain bootstrap.servers");
        }
        Objects.requireNonNull(topic, "topic");
        if (!COMPRESSIONS.contains(compression)) {
            throw new IllegalArgumentException("compression must be one of " + COMPRESSIONS + ", got " + compression);
        }
        if (lingerMillis < 0) {
            throw new IllegalArgumentException("lingerMillis must be at least 0, got " + lingerMillis);
        }
        if (batchBytes < 1024) {
            throw new IllegalArgumentException("batchBytes must be at least 1024, got " + batchBytes);
        }
        if (maxInFlightRecords < 1) {
            throw new IllegalArgumentException("maxInFlightRecords must be at least 1, got " + maxInFlightRecords);
        }
        if (maxWait.isNegative()) {
            throw new IllegalArgumentException("maxWait must not be negative, got " + maxWait);
        }
        Objects.requireNonNull(clientId, "clientId");
    }

    /** Options with the defaults above, sending to {@link Topics#TICKS} through the given client settings. */
    public static Builder builder(Map<String, Object> clientSettings) {
        return new Builder(clientSettings);
    }

    /** Fills {@link PublisherOptions}; unset values take the {@code DEFAULT_*} constants. */
    public static final class Builder {
        private final Map<String, Object> clientSettings;
        private Topic<String, MarketTick> topic = Topics.TICKS;
        private String compression = DEFAULT_COMPRESSION;
        private int lingerMillis = DEFAULT_LINGER_MILLIS;
        private int batchBytes = DEFAULT_BATCH_BYTES;
        private int maxInFlightRecords = DEFAULT_MAX_IN_FLIGHT_RECORDS;
        private Duration maxWait = DEFAULT_MAX_WAIT;
        private String clientId = DEFAULT_CLIENT_ID;

        private Builder(Map<String, Object> clientSettings) {
            this.clientSettings = new HashMap<>(clientSettings);
        }

        public Builder topic(Topic<String, MarketTick> topic) {
            this.topic = topic;
            return this;
        }

        public Builder compression(String compression) {
            this.compression = compression;
            return this;
        }

        public Builder lingerMillis(int lingerMillis) {
            this.lingerMillis = lingerMillis;
            return this;
        }

        public Builder batchBytes(int batchBytes) {
            this.batchBytes = batchBytes;
            return this;
        }

        public Builder maxInFlightRecords(int maxInFlightRecords) {
            this.maxInFlightRecords = maxInFlightRecords;
            return this;
        }

        public Builder maxWait(Duration maxWait) {
            this.maxWait = maxWait;
            return this;
        }

        public Builder clientId(String clientId) {
            this.clientId = clientId;
            return this;
        }

        public PublisherOptions build() {
            return new PublisherOptions(clientSettings, topic, compression, lingerMillis, batchBytes,
                    maxInFlightRecords, maxWait, clientId);
        }
    }
}
