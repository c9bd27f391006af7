package io.atlas.perf.inference;

import io.atlas.events.MarketTick;
import io.atlas.events.Side;
import io.atlas.inference.features.FeatureExtractor;
import io.atlas.inference.features.FeatureVector;
import io.atlas.inference.features.SymbolFeatures;
import io.atlas.inference.model.Score;
import io.atlas.inference.model.Scorer;
import io.atlas.inference.train.TrainingPipeline;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.tribuo.Example;
import org.tribuo.Model;
import org.tribuo.Prediction;
import org.tribuo.classification.Label;
import org.tribuo.classification.LabelFactory;
import org.tribuo.impl.ArrayExample;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

/**
 * The scorer's per-tick hot path (one symbol's feature update plus scoring with the Tribuo logistic regression) next
 * to Tribuo's bare {@code predict} on a prebuilt example, in the same run: the gap is what features, example building
 * and probability extraction cost. Kafka, serdes and the state store are not included (see the module README for
 * the end-to-end figures).
 *
 * <p>Run: {@code java -cp perf/target/classes:$(cat perf/target/runtime.classpath) org.openjdk.jmh.Main
 * InferenceHotPathBenchmark -f 1 -wi 2 -i 3 -w 2s -r 2s}
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
@Fork(1)
@State(Scope.Thread)
public class InferenceHotPathBenchmark {

    private static final int SYMBOLS = 64;
    private static final int TICKS = 4096;
    private static final double TICK_SIZE = 0.01;

    private Model<Label> model;
    private Scorer scorer;
    private MarketTick[] ticks;
    private int[] symbolOf;
    private SymbolFeatures[] states;
    private long[] sequences;
    private final double[] vector = new double[FeatureVector.SIZE];
    private Example<Label> prebuilt;
    private int next;

    @Setup(Level.Trial)
    public void train() {
        SplittableRandom random = new SplittableRandom(42);
        List<MarketTick> training = new ArrayList<>();
        long[] bid = new long[SYMBOLS];
        double[] imbalance = new double[SYMBOLS];
        long[] sequence = new long[SYMBOLS];
        ticks = new MarketTick[TICKS];
        symbolOf = new int[TICKS];
        for (int s = 0; s < SYMBOLS; s++) {
            bid[s] = 10_000 + random.nextInt(10_000);
        }
        for (int i = 0; i < 40_000 + TICKS; i++) {
            int s = random.nextInt(SYMBOLS);
            // The planted signal: the previous imbalance sets the direction of the next move (k = 2).
            if (random.nextBoolean()) {
                bid[s] += random.nextDouble() < 1 / (1 + Math.exp(-2 * imbalance[s])) ? 1 : -1;
            }
            double bidSize = 1 + random.nextInt(1000);
            double askSize = 1 + random.nextInt(1000);
            imbalance[s] = (bidSize - askSize) / (bidSize + askSize);
            sequence[s]++;
            MarketTick tick = MarketTick.newBuilder().setSymbol("S" + s).setVenue("XSIM").setSequence(sequence[s])
                    .setExchangeTimeMicros(1_000_000L * i).setIngestTimeMicros(1_000_000L * i + 50)
                    .setBid(bid[s] * TICK_SIZE).setAsk((bid[s] + 1) * TICK_SIZE).setLast(bid[s] * TICK_SIZE)
                    .setBidSize(bidSize).setAskSize(askSize).setLastSize(1 + random.nextInt(100))
                    .setAggressor(random.nextBoolean() ? Side.BUY : Side.SELL).build();
            if (i < 40_000) {
                training.add(tick);
            } else {
                ticks[i - 40_000] = tick;
                symbolOf[i - 40_000] = s;
            }
        }
        TrainingPipeline.Result result = new TrainingPipeline(1, 0.2, 3, 42, 2.0)
                .run(training, symbol -> TICK_SIZE, "benchmark");
        model = result.model();
        scorer = new Scorer(model);
        states = new SymbolFeatures[SYMBOLS];
        sequences = new long[SYMBOLS];
        for (int s = 0; s < SYMBOLS; s++) {
            states[s] = new SymbolFeatures();
        }
        double[] features = new double[FeatureVector.SIZE];
        FeatureExtractor.update(new SymbolFeatures(), ticks[0], TICK_SIZE, features);
        prebuilt = new ArrayExample<>(LabelFactory.UNKNOWN_LABEL, FeatureVector.namesArray(), features);
    }

    /** Feature update for one tick of its symbol, then scoring: what the stream processor does per tick. */
    @Benchmark
    public Score featuresAndScore() {
        int i = next++ & (TICKS - 1);
        int s = symbolOf[i];
        MarketTick tick = ticks[i];
        // Replayed ticks must look new to the state, as live ones are.
        tick.setSequence(++sequences[s]);
        FeatureExtractor.update(states[s], tick, TICK_SIZE, vector);
        return scorer.score(vector);
    }

    /** The same hot path with scoring forced through Tribuo's {@code predict} (no compiled linear form). */
    @Benchmark
    public Score featuresAndTribuoPredict() {
        int i = next++ & (TICKS - 1);
        int s = symbolOf[i];
        MarketTick tick = ticks[i];
        tick.setSequence(++sequences[s]);
        FeatureExtractor.update(states[s], tick, TICK_SIZE, vector);
        return scorer.scoreWithTribuo(vector);
    }

    /** The feature update alone. */
    @Benchmark
    public double featuresOnly() {
        int i = next++ & (TICKS - 1);
        int s = symbolOf[i];
        MarketTick tick = ticks[i];
        tick.setSequence(++sequences[s]);
        FeatureExtractor.update(states[s], tick, TICK_SIZE, vector);
        return vector[FeatureVector.IMBALANCE];
    }

    /** Tribuo's own predict on an example built once: the ceiling for any scorer using this model. */
    @Benchmark
    public Prediction<Label> barePredict() {
        return model.predict(prebuilt);
    }
}
