package io.atlas.perf.micro;

import io.atlas.catalog.Topics;
import io.atlas.events.MarketTick;
import io.atlas.events.Prediction;

import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serializer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Avro single-object encoding of the two records on the hot path, through the serdes the catalog gives their
 * topics (what every producer and consumer of {@code atlas.ticks} and {@code atlas.predictions} calls per record):
 * a simulated {@link MarketTick} and a {@link Prediction} the trained model made.
 */
public class SerdeBenchmark {

    /** The simulated ticks, and their encodings for decoding. */
    @State(Scope.Thread)
    public static class Ticks {
        final Serializer<MarketTick> serializer = Topics.TICKS.valueSerde().serializer();
        final Deserializer<MarketTick> deserializer = Topics.TICKS.valueSerde().deserializer();
        MarketTick[] ticks;
        byte[][] encoded;
        int next;

        @Setup(Level.Trial)
        public void generate() {
            ticks = new SimulatedMarket().ticks;
            encoded = new byte[ticks.length][];
            for (int i = 0; i < ticks.length; i++) {
                encoded[i] = serializer.serialize(Topics.TICKS.name(), ticks[i]);
            }
        }

        int next() {
            return next++ & (SimulatedMarket.TICKS - 1);
        }
    }

    /** The model's predictions on the simulated ticks, and their encodings for decoding. */
    @State(Scope.Thread)
    public static class Predictions {
        final Serializer<Prediction> serializer = Topics.PREDICTIONS.valueSerde().serializer();
        final Deserializer<Prediction> deserializer = Topics.PREDICTIONS.valueSerde().deserializer();
        Prediction[] predictions;
        byte[][] encoded;
        int next;

        @Setup(Level.Trial)
        public void predict() {
            SimulatedMarket market = new SimulatedMarket();
            predictions = market.predictions(market.train());
            encoded = new byte[predictions.length][];
            for (int i = 0; i < predictions.length; i++) {
                encoded[i] = serializer.serialize(Topics.PREDICTIONS.name(), predictions[i]);
            }
        }

        int next() {
            return next++ & (SimulatedMarket.TICKS - 1);
        }
    }

    @Benchmark
    public byte[] encodeTick(Ticks t) {
        return t.serializer.serialize(Topics.TICKS.name(), t.ticks[t.next()]);
    }

    @Benchmark
    public MarketTick decodeTick(Ticks t) {
        return t.deserializer.deserialize(Topics.TICKS.name(), t.encoded[t.next()]);
    }

    @Benchmark
    public byte[] encodePrediction(Predictions p) {
        return p.serializer.serialize(Topics.PREDICTIONS.name(), p.predictions[p.next()]);
    }

    @Benchmark
    public Prediction decodePrediction(Predictions p) {
        return p.deserializer.deserialize(Topics.PREDICTIONS.name(), p.encoded[p.next()]);
    }
}
