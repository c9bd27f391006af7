package io.atlas.inference.stream;

import io.atlas.catalog.Topic;
import io.atlas.catalog.Topics;
import io.atlas.events.DeadLetter;
import io.atlas.events.Prediction;
import io.atlas.events.PredictionOutcome;
import io.atlas.inference.model.ModelRegistry;
import io.atlas.ops.trace.Tracing;

import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.state.Stores;

/**
 * Builds the scorer's topology and nothing else. Reads {@link Topics#TICKS} (scored), {@link Topics#INSTRUMENTS}
 * and {@link Topics#MODEL_RELEASES} (global stores every instance reads in full); writes {@link Topics#PREDICTIONS}
 * (live and shadow), {@link Topics#PREDICTIONS_LAST} (live only), {@link Topics#PREDICTION_OUTCOMES} and
 * {@link Topics#DEAD_LETTERS}. Per-symbol state lives in {@value #FEATURE_STORE}, changelogged.
 */
public final class InferenceTopology {

    public static final String FEATURE_STORE = "symbol-features";
    static final String INSTRUMENT_STORE = "instruments";
    static final String RELEASE_STORE = "model-releases";

    private InferenceTopology() {
    }

    public static Topology build(ModelRegistry models, InferenceMetrics metrics) {
        return build(models, metrics, Tracing.off());
    }

    /** The topology, tracing each tick's scoring through {@code tracing}. */
    public static Topology build(ModelRegistry models, InferenceMetrics metrics, Tracing tracing) {
        StreamsBuilder builder = new StreamsBuilder();
        InstrumentDirectory instruments = new InstrumentDirectory();
        builder.addGlobalStore(
                Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(INSTRUMENT_STORE),
                        Topics.INSTRUMENTS.keySerde(), Topics.INSTRUMENTS.valueSerde()).withLoggingDisabled(),
                Topics.INSTRUMENTS.name(), consumed(Topics.INSTRUMENTS), () -> new InstrumentUpdater(instruments));
        builder.addGlobalStore(
                Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(RELEASE_STORE),
                        Topics.MODEL_RELEASES.keySerde(), Topics.MODEL_RELEASES.valueSerde()).withLoggingDisabled(),
                Topics.MODEL_RELEASES.name(), consumed(Topics.MODEL_RELEASES), () -> new ReleaseUpdater(models));
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(FEATURE_STORE),
                Serdes.String(), new SymbolStateSerde()).withCachingEnabled());

        KStream<String, SpecificRecord> results = builder
                .stream(Topics.TICKS.name(), Consumed.with(Topics.TICKS.keySerde(), Serdes.ByteArray()))
                .process(() -> new ScoringProcessor(models, instruments, metrics, tracing), FEATURE_STORE);

        KStream<String, Prediction> predictions = results
                .filter((symbol, value) -> value instanceof Prediction)
                .mapValues(value -> (Prediction) value);
        predictions.to(Topics.PREDICTIONS.name(), produced(Topics.PREDICTIONS));
        predictions.filter((symbol, prediction) -> !prediction.getShadow())
                .to(Topics.PREDICTIONS_LAST.name(), produced(Topics.PREDICTIONS_LAST));
        results.filter((symbol, value) -> value instanceof PredictionOutcome)
                .mapValues(value -> (PredictionOutcome) value)
                .to(Topics.PREDICTION_OUTCOMES.name(), produced(Topics.PREDICTION_OUTCOMES));
        results.filter((symbol, value) -> value instanceof DeadLetter)
                .mapValues(value -> (DeadLetter) value)
                .to(Topics.DEAD_LETTERS.name(), produced(Topics.DEAD_LETTERS));
        return builder.build();
    }

    private static <K, V> Consumed<K, V> consumed(Topic<K, V> topic) {
        return Consumed.with(topic.keySerde(), topic.valueSerde());
    }

    private static <K, V> Produced<K, V> produced(Topic<K, V> topic) {
        return Produced.with(topic.keySerde(), topic.valueSerde());
    }
}
