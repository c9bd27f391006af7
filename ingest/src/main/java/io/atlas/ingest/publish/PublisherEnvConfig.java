package io.atlas.ingest.publish;

import io.atlas.ops.EnvConfig;
import io.atlas.ops.KafkaConnection;
import io.atlas.ops.OpsServer;
import io.atlas.ops.trace.TraceSettings;

import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Range;
import org.apache.kafka.common.config.ConfigDef.Type;

import java.time.Duration;
import java.util.Map;

/**
 * Reads the settings of a publishing command ({@code simulate}, {@code replay}) from environment variables: the Kafka
 * connection, the operations port, tracing and the {@link TickPublisher}'s tuning. A bad value fails at start naming the
 * variable.
 */
public final class PublisherEnvConfig extends EnvConfig {

    public static final String COMPRESSION = "ATLAS_PUBLISH_COMPRESSION";
    public static final String LINGER_MS = "ATLAS_PUBLISH_LINGER_MS";
    public static final String BATCH_BYTES = "ATLAS_PUBLISH_BATCH_BYTES";
    public static final String MAX_IN_FLIGHT = "ATLAS_PUBLISH_MAX_IN_FLIGHT";
    public static final String MAX_WAIT_MS = "ATLAS_PUBLISH_MAX_WAIT_MS";

    public static final ConfigDef DEFINITION = define();

    public PublisherEnvConfig(Map<String, String> env) {
        super(DEFINITION, env);
    }

    private static ConfigDef define() {
        ConfigDef definition = new ConfigDef();
        KafkaConnection.define(definition);
        OpsServer.define(definition);
        TraceSettings.define(definition);
        return definition
                .define(COMPRESSION, Type.STRING, PublisherOptions.DEFAULT_COMPRESSION,
                        ConfigDef.ValidString.in(PublisherOptions.COMPRESSIONS.toArray(String[]::new)),
                        Importance.MEDIUM, "Producer compression.type: lz4, zstd, snappy, gzip or none.")
                .define(LINGER_MS, Type.INT, PublisherOptions.DEFAULT_LINGER_MILLIS, Range.atLeast(0),
                        Importance.MEDIUM, "Producer linger.ms: how long a batch waits for more ticks.")
                .define(BATCH_BYTES, Type.INT, PublisherOptions.DEFAULT_BATCH_BYTES, Range.atLeast(1024),
                        Importance.MEDIUM, "Producer batch.size: the most bytes of one partition's batch.")
                .define(MAX_IN_FLIGHT, Type.INT, PublisherOptions.DEFAULT_MAX_IN_FLIGHT_RECORDS, Range.atLeast(1),
                        Importance.MEDIUM, "Ticks that may be sent and not yet acknowledged (the back-pressure budget).")
                .define(MAX_WAIT_MS, Type.LONG, PublisherOptions.DEFAULT_MAX_WAIT.toMillis(), Range.atLeast(0),
                        Importance.MEDIUM, "How long publishing waits for budget before refusing a tick.");
    }

    /** Publisher options from these settings, sending to the catalog's ticks topic. */
    public PublisherOptions.Builder publisherOptions(String clientId) {
        return PublisherOptions.builder(KafkaConnection.clientSettings(this))
                .compression(getString(COMPRESSION))
                .lingerMillis(getInt(LINGER_MS))
                .batchBytes(getInt(BATCH_BYTES))
                .maxInFlightRecords(getInt(MAX_IN_FLIGHT))
                .maxWait(Duration.ofMillis(getLong(MAX_WAIT_MS)))
                .clientId(clientId);
    }

    public TraceSettings traceSettings() {
        return TraceSettings.from(this);
    }

    public int httpPort() {
        return getInt(OpsServer.PORT);
    }
}
