package io.atlas.inference.stream;

import io.atlas.catalog.Applications;

import io.atlas.inference.model.PlantedSignal;
import io.atlas.ops.EnvConfig;
import io.atlas.ops.KafkaConnection;
import io.atlas.ops.OpsServer;
import io.atlas.ops.trace.TraceSettings;

import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Range;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigDef.ValidString;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.streams.StreamsConfig;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.function.DoublePredicate;

/**
 * The inference-stream service's settings, from environment variables; each is declared once below and a bad
 * value stops the service at start with a {@code ConfigException} naming the variable.
 */
public final class InferenceConfig extends EnvConfig {

    /** The Kafka Streams application id (consumer group, changelog and internal topic prefix) of the service. */
    public static final String APPLICATION_ID = Applications.INFERENCE_STREAM.consumerGroup().orElseThrow();

    public static final String APPLICATION_ID_CONFIG = "ATLAS_INFERENCE_APPLICATION_ID";
    public static final String PROCESSING_GUARANTEE = "ATLAS_INFERENCE_PROCESSING_GUARANTEE";
    public static final String COMMIT_INTERVAL_MS = "ATLAS_INFERENCE_COMMIT_INTERVAL_MS";
    public static final String NUM_THREADS = "ATLAS_INFERENCE_NUM_THREADS";
    public static final String STATE_DIR = "ATLAS_INFERENCE_STATE_DIR";
    public static final String TRAIN_ON_START = "ATLAS_INFERENCE_TRAIN_ON_START";
    public static final String TRAIN_TICKS = "ATLAS_INFERENCE_TRAIN_TICKS";
    public static final String HORIZON_TICKS = "ATLAS_INFERENCE_HORIZON_TICKS";
    public static final String MODEL_ID = "ATLAS_INFERENCE_MODEL_ID";
    public static final String DEFAULT_TICK_SIZE = "ATLAS_INFERENCE_DEFAULT_TICK_SIZE";
    public static final String INSTANCE_ID = "ATLAS_INFERENCE_INSTANCE_ID";
    public static final String SIMULATED_SIGNAL_STRENGTH = "ATLAS_INFERENCE_SIMULATED_SIGNAL_STRENGTH";
    public static final String SIMULATED_MOVE_PROBABILITY = "ATLAS_INFERENCE_SIMULATED_MOVE_PROBABILITY";

    /** Stream threads per instance unless {@value #NUM_THREADS} says otherwise. */
    public static final int DEFAULT_NUM_THREADS = 1;

    public static final String EXACTLY_ONCE_V2 = StreamsConfig.EXACTLY_ONCE_V2;
    public static final String AT_LEAST_ONCE = StreamsConfig.AT_LEAST_ONCE;

    public static final ConfigDef DEFINITION = definition();

    public InferenceConfig(Map<String, String> env) {
        super(DEFINITION, env);
        // One without the other would make a wrong optimum, not a missing one.
        if ((getDouble(SIMULATED_SIGNAL_STRENGTH) == null) != (getDouble(SIMULATED_MOVE_PROBABILITY) == null)) {
            String missing = getDouble(SIMULATED_SIGNAL_STRENGTH) == null ? SIMULATED_SIGNAL_STRENGTH
                    : SIMULATED_MOVE_PROBABILITY;
            throw new ConfigException(missing, null, "set it too: " + SIMULATED_SIGNAL_STRENGTH + " and "
                    + SIMULATED_MOVE_PROBABILITY + " describe the simulated ticks together");
        }
    }

    /** Accepts an unset (null) value or one {@code valid} accepts (NaN never); a bad one fails naming the variable. */
    private static ConfigDef.Validator optional(String what, DoublePredicate valid) {
        return (name, value) -> {
            if (value != null && !valid.test((Double) value)) {
                throw new ConfigException(name, value, "must be unset or " + what);
            }
        };
    }

    private static ConfigDef definition() {
        ConfigDef definition = new ConfigDef()
                .define(APPLICATION_ID_CONFIG, Type.STRING, APPLICATION_ID, new ConfigDef.NonEmptyString(),
                        Importance.LOW, "Kafka Streams application.id; change it only to run a second, independent "
                                + "copy (tests, blue/green).")
                .define(PROCESSING_GUARANTEE, Type.STRING, EXACTLY_ONCE_V2,
                        ValidString.in(EXACTLY_ONCE_V2, AT_LEAST_ONCE), Importance.HIGH,
                        "processing.guarantee: exactly_once_v2 (no lost or doubled predictions; read_committed "
                                + "readers see them only at each commit) or at_least_once (lowest latency; a crash "
                                + "may repeat predictions).")
                .define(COMMIT_INTERVAL_MS, Type.LONG, 100L, Range.atLeast(1), Importance.MEDIUM,
                        "commit.interval.ms: under exactly_once_v2 also the transaction length, so the delay "
                                + "read_committed consumers see, in milliseconds.")
                .define(NUM_THREADS, Type.INT, DEFAULT_NUM_THREADS, Range.between(1, 64), Importance.MEDIUM,
                        "num.stream.threads of this instance.")
                .define(STATE_DIR, Type.STRING, Path.of(System.getProperty("java.io.tmpdir"), "atlas-inference")
                        .toString(), new ConfigDef.NonEmptyString(), Importance.MEDIUM,
                        "state.dir: where the per-symbol feature stores live (restored from their changelog when "
                                + "lost).")
                .define(INSTANCE_ID, Type.STRING, "", Importance.MEDIUM,
                        "Stable name of this instance (empty: the host name, which is the pod name in Kubernetes). "
                                + "It makes the group.instance.id of its stream threads: an instance restarted "
                                + "after a crash takes its partitions back at once instead of waiting for the "
                                + "crashed member's session to time out. Two live instances must never share it.")
                .define(TRAIN_ON_START, Type.BOOLEAN, false, Importance.MEDIUM,
                        "When no model release is active at start, wait for ticks on the ticks topic, train a "
                                + "first model and propose it on atlas.model-proposals; ingest-cdc releases it as "
                                + "the model's next version, ACTIVE, through PostgreSQL.")
                .define(TRAIN_TICKS, Type.INT, 20_000, Range.atLeast(200), Importance.LOW,
                        "How many ticks first-start training waits for and learns from.")
                .define(HORIZON_TICKS, Type.INT, 1, Range.between(1, 1000), Importance.LOW,
                        "Horizon of the first-start model, in ticks.")
                .define(MODEL_ID, Type.STRING, "tick-direction", new ConfigDef.NonEmptyString(), Importance.LOW,
                        "Model id the first-start model is released under.")
                .define(DEFAULT_TICK_SIZE, Type.DOUBLE, 0.01, Range.atLeast(1e-12), Importance.LOW,
                        "Tick size first-start training assumes for symbols the instruments topic does not list.")
                .define(SIMULATED_SIGNAL_STRENGTH, Type.DOUBLE, null, optional("a finite number >= 0",
                        k -> k >= 0 && k < Double.POSITIVE_INFINITY),
                        Importance.LOW, "When the ticks come from the simulator: its --signal-strength k. With "
                                + SIMULATED_MOVE_PROBABILITY + " it makes the known optimum, judged beside every "
                                + "model on each outcome one tick ahead (optimumHit, optimumLogLoss). Unset: the "
                                + "ticks are not known to be simulated, and outcomes carry no optimum.")
                .define(SIMULATED_MOVE_PROBABILITY, Type.DOUBLE, null, optional("a number within (0, 1]",
                        m -> m > 0 && m <= 1),
                        Importance.LOW, "The simulator's --move-probability m, within (0, 1]; set with "
                                + SIMULATED_SIGNAL_STRENGTH + " or not at all.");
        KafkaConnection.define(definition);
        OpsServer.define(definition);
        TraceSettings.define(definition);
        return definition;
    }

    public String applicationId() {
        return getString(APPLICATION_ID_CONFIG);
    }

    public String processingGuarantee() {
        return getString(PROCESSING_GUARANTEE);
    }

    public long commitIntervalMs() {
        return getLong(COMMIT_INTERVAL_MS);
    }

    public int numThreads() {
        return getInt(NUM_THREADS);
    }

    public String stateDir() {
        return getString(STATE_DIR);
    }

    public boolean trainOnStart() {
        return getBoolean(TRAIN_ON_START);
    }

    public int trainTicks() {
        return getInt(TRAIN_TICKS);
    }

    public int horizonTicks() {
        return getInt(HORIZON_TICKS);
    }

    public String modelId() {
        return getString(MODEL_ID);
    }

    /** The instance name: the configured one, else the host name. */
    public String instanceId() {
        return instanceName(INSTANCE_ID);
    }

    public double defaultTickSize() {
        return getDouble(DEFAULT_TICK_SIZE);
    }

    /**
     * The planted signal of the simulated ticks this scorer reads, when {@value #SIMULATED_SIGNAL_STRENGTH} and
     * {@value #SIMULATED_MOVE_PROBABILITY} say it; empty when the ticks are not known to be simulated.
     */
    public Optional<PlantedSignal> simulatedSignal() {
        Double strength = getDouble(SIMULATED_SIGNAL_STRENGTH);
        return strength == null ? Optional.empty()
                : Optional.of(new PlantedSignal(strength, getDouble(SIMULATED_MOVE_PROBABILITY)));
    }

    public TraceSettings traceSettings() {
        return TraceSettings.from(this);
    }

    public int httpPort() {
        return getInt(OpsServer.PORT);
    }

    public Map<String, Object> clientSettings() {
        return KafkaConnection.clientSettings(this);
    }
}
