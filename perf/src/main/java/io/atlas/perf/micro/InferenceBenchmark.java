package io.atlas.perf.micro;

import io.atlas.events.MarketTick;
import io.atlas.inference.features.FeatureExtractor;
import io.atlas.inference.features.FeatureVector;
import io.atlas.inference.features.SymbolFeatures;
import io.atlas.inference.model.Score;
import io.atlas.inference.model.Scorer;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The scorer's per-tick work without Kafka, serdes or the state store: the feature update of a tick's symbol
 * ({@link FeatureExtractor}, over the simulated tick sequence), scoring a feature vector with the trained model's
 * compiled linear form and with Tribuo's own {@code predict} (the gap is what {@code CompiledLinearModel} saves), and
 * both together as the stream processor runs them.
 */
public class InferenceBenchmark {

    /** Replays the simulated ticks into per-symbol feature states. */
    @State(Scope.Thread)
    public static class Ticks {
        SimulatedMarket market;
        SymbolFeatures[] states;
        /** Per symbol, the sequence the next replayed tick gets, so a replayed tick looks new to its state. */
        long[] sequences;
        final double[] vector = new double[FeatureVector.SIZE];
        int next;

        @Setup(Level.Trial)
        public void generate() {
            market = new SimulatedMarket();
            states = market.freshStates();
            sequences = new long[market.symbols];
        }

        /** Updates the next tick's symbol state and writes its features into {@link #vector}. */
        void updateNext() {
            int i = next++ & (SimulatedMarket.TICKS - 1);
            int s = market.symbolOf[i];
            MarketTick tick = market.ticks[i];
            tick.setSequence(++sequences[s]);
            FeatureExtractor.update(states[s], tick, market.tickSizeOf[i], vector);
        }
    }

    /** The trained model, and the feature vectors of the simulated ticks. */
    @State(Scope.Thread)
    public static class Model {
        Scorer scorer;
        double[][] vectors;
        int next;

        @Setup(Level.Trial)
        public void train() {
            SimulatedMarket market = new SimulatedMarket();
            scorer = market.train();
            if (!scorer.isCompiled()) {
                throw new IllegalStateException("the trained model did not compile to its linear form");
            }
            vectors = market.featureVectors();
        }

        double[] nextVector() {
            return vectors[next++ & (SimulatedMarket.TICKS - 1)];
        }
    }

    @Benchmark
    public double featureUpdate(Ticks t) {
        t.updateNext();
        return t.vector[FeatureVector.IMBALANCE];
    }

    @Benchmark
    public Score scoreCompiled(Model m) {
        return m.scorer.score(m.nextVector());
    }

    @Benchmark
    public Score scoreTribuo(Model m) {
        return m.scorer.scoreWithTribuo(m.nextVector());
    }

    /** What the stream processor does per tick: the feature update, then scoring. */
    @Benchmark
    public Score featuresAndScore(Ticks t, Model m) {
        t.updateNext();
        return m.scorer.score(t.vector);
    }
}
