package io.atlas.ingest.bridge;

import io.atlas.ops.EnvConfig;
import io.atlas.ops.KafkaConnection;
import io.atlas.ops.OpsServer;
import io.atlas.ops.trace.TraceSettings;
import java.time.Duration;
import java.util.Map;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Range;
import org.apache.kafka.common.config.ConfigDef.Type;

/** The bridge's settings, from environment variables; a bad value fails at start naming the variable. */
public final class BridgeConfig extends EnvConfig {

    public static final String INSTANCE_ID = "ATLAS_BRIDGE_INSTANCE_ID";
    public static final String MAX_PAYLOAD_BYTES = "ATLAS_BRIDGE_MAX_PAYLOAD_BYTES";
    public static final String MAX_FUTURE_SKEW_MS = "ATLAS_BRIDGE_MAX_FUTURE_SKEW_MS";
    public static final String MAX_PAST_SKEW_MS = "ATLAS_BRIDGE_MAX_PAST_SKEW_MS";
    public static final String MAX_RECORDS_PER_TRANSACTION = "ATLAS_BRIDGE_MAX_RECORDS_PER_TRANSACTION";

    public static final int DEFAULT_MAX_PAYLOAD_BYTES = 4096;
    public static final long DEFAULT_MAX_FUTURE_SKEW_MS = 5_000;
    public static final long DEFAULT_MAX_PAST_SKEW_MS = 300_000;
    public static final int DEFAULT_MAX_RECORDS_PER_TRANSACTION = 10_000;

    public static final ConfigDef DEFINITION = TraceSettings.define(OpsServer.define(KafkaConnection.define(
            new ConfigDef())))
            .define(INSTANCE_ID, Type.STRING, "", Importance.HIGH,
                    "Stable name of this bridge instance (empty: the host name, which is the pod name in Kubernetes). "
                            + "It makes the transactional.id and group.instance.id: a restarted instance fences its "
                            + "previous life and takes its partitions back without a rebalance. Two live instances "
                            + "must never share it.")
            .define(MAX_PAYLOAD_BYTES, Type.INT, DEFAULT_MAX_PAYLOAD_BYTES, Range.between(64, 1_048_576),
                    Importance.MEDIUM, "Longest accepted raw tick value, in bytes (PAYLOAD_TOO_LARGE above).")
            .define(MAX_FUTURE_SKEW_MS, Type.LONG, DEFAULT_MAX_FUTURE_SKEW_MS, Range.atLeast(0), Importance.MEDIUM,
                    "How far exchangeTimeMicros may be ahead of the raw record's timestamp (when it entered Kafka), "
                            + "in ms (TIMESTAMP_IN_FUTURE beyond).")
            .define(MAX_PAST_SKEW_MS, Type.LONG, DEFAULT_MAX_PAST_SKEW_MS, Range.atLeast(0), Importance.MEDIUM,
                    "How far exchangeTimeMicros may be behind the raw record's timestamp (when it entered Kafka), "
                            + "in ms (TIMESTAMP_TOO_OLD beyond): a bridge working off a backlog never refuses a tick "
                            + "that was sent on time. Raise it to bridge recorded data.")
            .define(MAX_RECORDS_PER_TRANSACTION, Type.INT, DEFAULT_MAX_RECORDS_PER_TRANSACTION,
                    Range.between(1, 100_000), Importance.LOW,
                    "At most this many raw records per Kafka transaction (max.poll.records): one transaction per poll, so "
                            + "a quiet stream makes small transactions and a backlog large ones.");

    public BridgeConfig(Map<String, String> env) {
        super(DEFINITION, env);
    }

    /** The instance name: the configured one, else the host name. */
    public String instanceId() {
        return instanceName(INSTANCE_ID);
    }

    public TraceSettings traceSettings() {
        return TraceSettings.from(this);
    }

    public int httpPort() {
        return getInt(OpsServer.PORT);
    }

    public int maxPayloadBytes() {
        return getInt(MAX_PAYLOAD_BYTES);
    }

    public Duration maxFutureSkew() {
        return Duration.ofMillis(getLong(MAX_FUTURE_SKEW_MS));
    }

    public Duration maxPastSkew() {
        return Duration.ofMillis(getLong(MAX_PAST_SKEW_MS));
    }

    public int maxRecordsPerTransaction() {
        return getInt(MAX_RECORDS_PER_TRANSACTION);
    }
}
