package io.atlas.catalog;

import io.atlas.events.DeadLetter;
import io.atlas.events.Instrument;
import io.atlas.events.MarketTick;
import io.atlas.events.ModelRelease;
import io.atlas.events.Prediction;
import io.atlas.events.PredictionOutcome;
import io.atlas.schemas.serde.ContractSerdes;
import java.time.Duration;
import java.util.List;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.serialization.Serdes;

/**
 * Declares every Atlas topic once: services, tests and the Strimzi generator all read these constants.
 *
 * <p>Keys are UTF-8 strings on every topic.
 */
public final class Topics {

    private static final Duration ONE_DAY = Duration.ofHours(24);

    public static final Topic<String, byte[]> TICKS_RAW = Topic.builder("atlas.ticks.raw", Serdes.String(),
                    Serdes.ByteArray())
            .description("Ticks as JSON from outside producers, before validation; the bridge turns them into atlas.ticks.")
            .key("symbol (may be null)")
            .partitions(12)
            .deleteAfter(ONE_DAY)
            .build();

    public static final Topic<String, MarketTick> TICKS = Topic.builder("atlas.ticks", Serdes.String(),
                    ContractSerdes.marketTick())
            .description("Validated market ticks from the bridge, simulator or replay.")
            .key("symbol")
            .partitions(12)
            .deleteAfter(ONE_DAY)
            .build();

    public static final Topic<String, Instrument> INSTRUMENTS = Topic.builder("atlas.instruments", Serdes.String(),
                    ContractSerdes.instrument())
            .description("Instrument reference data captured from PostgreSQL by Debezium; latest per symbol.")
            .key("symbol")
            .partitions(3)
            .compacted()
            .build();

    // One partition, like the releases: ingest-cdc takes proposals in the order they were made. It reads from the
    // end, acting on what is proposed while it runs; a proposer repeats its proposal until the model is released.
    public static final Topic<String, ModelRelease> MODEL_PROPOSALS = Topic.builder("atlas.model-proposals",
                    Serdes.String(), ContractSerdes.modelRelease())
            .description("Models a service trained and proposes as a model's first ACTIVE release (inference-stream's "
                    + "first-start training; version unset); ingest-cdc writes each to PostgreSQL as the model's next "
                    + "version unless the model already has an ACTIVE release or holds these bytes; CDC carries it on.")
            .key("modelId")
            .partitions(1)
            .deleteAfter(ONE_DAY)
            // A proposal carries the serialized model inline, as a release does.
            .config(TopicConfig.MAX_MESSAGE_BYTES_CONFIG, "8388608")
            .build();

    // One partition: scorers must see releases in the single order they were made.
    public static final Topic<String, ModelRelease> MODEL_RELEASES = Topic.builder("atlas.model-releases",
                    Serdes.String(), ContractSerdes.modelRelease())
            .description("Model releases captured from PostgreSQL by Debezium; latest state per release.")
            .key("modelId:version (ReleaseKey)")
            .partitions(1)
            .compacted()
            // Releases may carry the serialized model inline.
            .config(TopicConfig.MAX_MESSAGE_BYTES_CONFIG, "8388608")
            .build();

    public static final Topic<String, Prediction> PREDICTIONS = Topic.builder("atlas.predictions", Serdes.String(),
                    ContractSerdes.prediction())
            .description("Every prediction made by inference-stream, live and shadow.")
            .key("symbol")
            .partitions(12)
            .deleteAfter(ONE_DAY)
            .build();

    public static final Topic<String, Prediction> PREDICTIONS_LAST = Topic.builder("atlas.predictions.last",
                    Serdes.String(), ContractSerdes.prediction())
            .description("The last prediction per symbol, for snapshots to newly connected clients.")
            .key("symbol")
            .partitions(12)
            .compacted()
            .build();

    public static final Topic<String, PredictionOutcome> PREDICTION_OUTCOMES = Topic.builder(
                    "atlas.prediction-outcomes", Serdes.String(), ContractSerdes.predictionOutcome())
            .description("Predictions judged against the mid price at their horizon.")
            .key("symbol")
            .partitions(12)
            .deleteAfter(Duration.ofDays(7))
            .build();

    public static final Topic<String, DeadLetter> DEAD_LETTERS = Topic.builder("atlas.dead-letters", Serdes.String(),
                    ContractSerdes.deadLetter())
            .description("Records a service refused, with the reason and the original bytes.")
            .key("the refused record's key (may be null)")
            .partitions(3)
            .deleteAfter(Duration.ofDays(14))
            .build();

    public static final Topic<String, byte[]> CDC_OFFSETS = Topic.builder("atlas.cdc.offsets", Serdes.String(),
                    Serdes.ByteArray())
            .description("Debezium engine source offsets, Kafka Connect JSON; only Debezium reads it.")
            .key("Connect offset key (JSON)")
            .partitions(1)
            .compacted()
            .build();

    private static final List<Topic<?, ?>> ALL = List.of(TICKS_RAW, TICKS, INSTRUMENTS, MODEL_PROPOSALS,
            MODEL_RELEASES, PREDICTIONS, PREDICTIONS_LAST, PREDICTION_OUTCOMES, DEAD_LETTERS, CDC_OFFSETS);

    private Topics() {
    }

    /** Every Atlas topic, in data-flow order. */
    public static List<Topic<?, ?>> all() {
        return ALL;
    }
}
