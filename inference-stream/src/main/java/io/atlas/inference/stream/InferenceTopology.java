package io.atlas.inference.stream;

import io.atlas.catalog.Topic;
import io.atlas.catalog.Topics;
import io.atlas.inference.model.ModelRegistry;
import io.atlas.inference.model.PlantedSignal;
import io.atlas.ops.trace.Tracing;

import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.state.Stores;

/**
 * Builds the scorer's topology and nothing else. Reads {@link Topics#TICKS} (scored), {@link Topics#INSTRUMENTS}
 * and {@link Topics#MODEL_RELEASES} (global stores every instance reads in full); writes {@link Topics#PREDICTIONS}
 * (live and shadow), {@link Topics#PREDICTION_OUTCOMES} and {@link Topics#DEAD_LETTERS} through one sink routed by
 * topic, and {@link Topics#PREDICTIONS_LAST}: the latest live prediction per symbol, once per symbol per commit.
 * Per-symbol state lives in {@value #FEATURE_STORE}, changelogged.
 *
 * <p>The last values go through a table with Kafka Streams' record cache, which forwards each symbol's latest
 * value when it is flushed, right before every commit: under exactly_once_v2 a last value commits in the same
 * transaction as its prediction, and it is never older than the commit interval. The table needs no changelog
 * of its own: what it has not forwarded yet belongs to ticks whose processing is not committed either.
 */
public final class InferenceTopology {

    public static final String FEATURE_STORE = "symbol-features";
    static final String LAST_VALUE_STORE = "last-values";
    static final String INSTRUMENT_STORE = "instruments";
    static final String RELEASE_STORE = "model-releases";

    private InferenceTopology() {
    }

    public static Topology build(ModelRegistry models, InferenceMetrics metrics) {
        return build(models, metrics, Tracing.off());
    }

    /** The topology, tracing each tick's scoring through {@code tracing}. */
    public static Topology build(ModelRegistry models, InferenceMetrics metrics, Tracing tracing) {
        return build(models, metrics, tracing, null);
    }

    /**
     * The topology, tracing each tick's scoring through {@code tracing} and, when {@code optimum} (the ticks'
     * planted signal) is not null, judging the known optimum on every outcome one tick ahead.
     */
    public static Topology build(ModelRegistry models, InferenceMetrics metrics, Tracing tracing,
                                 PlantedSignal optimum) {
        StreamsBuilder builder = new StreamsBuilder();
        InstrumentDirectory instruments = new InstrumentDirectory();
        builder.addGlobalStore(
                Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(INSTRUMENT_STORE),
                        Topics.INSTRUMENTS.keySerde(), Topics.INSTRUMENTS.valueSerde()).withLoggingDisabled(),
                Topics.INSTRUMENTS.name(), consumed(Topics.INSTRUMENTS), () -> new InstrumentUpdater(instruments));
        builder.addGlobalStore(
                Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(RELEASE_STORE),
                        Topics.MODEL_RELEASES.keySerde(), Topics.MODEL_RELEASES.valueSerde()).withLoggingDisabled(),
                Topics.MODEL_RELEASES.name(), consumed(Topics.MODEL_RELEASES), () -> new ReleaseUpdater(models, metrics));
        builder.addStateStore(SymbolStateStore.builder(Stores.keyValueStoreBuilder(
                Stores.persistentKeyValueStore(FEATURE_STORE), Serdes.String(), new SymbolStateSerde())));

        // Keys stay bytes end to end: every output is keyed by its tick's symbol, whose bytes the tick's key is.
        KStream<byte[], ScoredOutput> outputs = builder
                .stream(Topics.TICKS.name(), Consumed.with(Serdes.ByteArray(), Serdes.ByteArray()))
                .process(() -> new ScoringProcessor(models, instruments, metrics, tracing, optimum), FEATURE_STORE);
        outputs.to(ScoredOutput.TOPIC, Produced.with(Serdes.ByteArray(), ScoredOutput.VALUE));
        outputs.filter((symbol, output) -> output.lastValue())
                .mapValues(ScoredOutput::value)
                .toTable(Named.as(LAST_VALUE_STORE), Materialized.<byte[], byte[]>as(
                                Stores.inMemoryKeyValueStore(LAST_VALUE_STORE))
                        .withKeySerde(Serdes.ByteArray()).withValueSerde(Serdes.ByteArray())
                        .withCachingEnabled().withLoggingDisabled())
                .toStream()
                .to(Topics.PREDICTIONS_LAST.name(), Produced.with(Serdes.ByteArray(), Serdes.ByteArray()));
        return builder.build();
    }

    private static <K, V> Consumed<K, V> consumed(Topic<K, V> topic) {
        return Consumed.with(topic.keySerde(), topic.valueSerde());
    }
}
