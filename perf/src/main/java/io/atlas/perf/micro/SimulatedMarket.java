package io.atlas.perf.micro;

import io.atlas.events.MarketTick;
import io.atlas.events.Prediction;
import io.atlas.inference.features.FeatureExtractor;
import io.atlas.inference.features.FeatureVector;
import io.atlas.inference.features.SymbolFeatures;
import io.atlas.inference.model.Score;
import io.atlas.inference.model.Scorer;
import io.atlas.inference.train.TrainingPipeline;
import io.atlas.ingest.simulate.MarketModel;
import io.atlas.ingest.simulate.SimulatedInstrument;
import io.atlas.ingest.simulate.SimulatedInstruments;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The data every micro-benchmark replays: ticks from the simulator's own {@link MarketModel} over its 500
 * instruments (the planted signal at k = 2, as {@code ./atlas up} runs it), numbered per symbol as the publisher
 * numbers them, 1 ms apart; a model trained on the first 20,000 of them as first-start training does; and the
 * predictions that model makes on the rest.
 */
final class SimulatedMarket {

    /** Replayed ticks: a power of two, so a cursor wraps with a mask; larger than the caches' easy reach. */
    static final int TICKS = 1 << 14;
    private static final int TRAINING_TICKS = 20_000;
    private static final long SEED = 42;
    private static final long START_MICROS = 1_764_292_800_000_000L;

    private final MarketTick[] training = new MarketTick[TRAINING_TICKS];
    /** Ticks after the training ones, in order. */
    final MarketTick[] ticks = new MarketTick[TICKS];
    /** Per replayed tick: its symbol's index into the instruments, and its instrument's tick size. */
    final int[] symbolOf = new int[TICKS];
    final double[] tickSizeOf = new double[TICKS];
    final int symbols;
    private final Map<String, Double> tickSizes = new HashMap<>();

    SimulatedMarket() {
        List<SimulatedInstrument> instruments = SimulatedInstruments.first(SimulatedInstruments.DEFAULT_COUNT);
        symbols = instruments.size();
        Map<String, Integer> index = new HashMap<>();
        for (int i = 0; i < instruments.size(); i++) {
            index.put(instruments.get(i).symbol(), i);
            tickSizes.put(instruments.get(i).symbol(), instruments.get(i).tickSize());
        }
        MarketModel model = new MarketModel(instruments, new MarketModel.Parameters(SEED,
                MarketModel.Parameters.DEFAULT_SIGNAL_STRENGTH, MarketModel.Parameters.DEFAULT_MOVE_PROBABILITY));
        long[] sequences = new long[instruments.size()];
        for (int i = 0; i < TRAINING_TICKS + TICKS; i++) {
            long micros = START_MICROS + 1_000L * i;
            MarketTick tick = model.next(micros);
            int s = index.get(tick.getSymbol().toString());
            tick.setSequence(++sequences[s]);
            tick.setIngestTimeMicros(micros + 150);
            if (i < TRAINING_TICKS) {
                training[i] = tick;
            } else {
                ticks[i - TRAINING_TICKS] = tick;
                symbolOf[i - TRAINING_TICKS] = s;
                tickSizeOf[i - TRAINING_TICKS] = instruments.get(s).tickSize();
            }
        }
    }

    /** A scorer for a model trained on the training ticks, one tick ahead (the service's default horizon). */
    Scorer train() {
        TrainingPipeline.Result result = new TrainingPipeline(1, 0.2, 3, SEED,
                MarketModel.Parameters.DEFAULT_SIGNAL_STRENGTH)
                .run(List.of(training), tickSizes::get, "micro-benchmark training");
        return new Scorer(result.model());
    }

    /** A fresh feature state per instrument, as the stream's store holds them. */
    SymbolFeatures[] freshStates() {
        SymbolFeatures[] states = new SymbolFeatures[symbols];
        for (int s = 0; s < symbols; s++) {
            states[s] = new SymbolFeatures();
        }
        return states;
    }

    /** The feature vector of every replayed tick, computed in order as the stream computes them. */
    double[][] featureVectors() {
        SymbolFeatures[] states = freshStates();
        double[][] vectors = new double[TICKS][FeatureVector.SIZE];
        for (int i = 0; i < TICKS; i++) {
            FeatureExtractor.update(states[symbolOf[i]], ticks[i], tickSizeOf[i], vectors[i]);
        }
        return vectors;
    }

    /** What the scorer publishes for every replayed tick, with {@code scorer}'s scores. */
    Prediction[] predictions(Scorer scorer) {
        double[][] vectors = featureVectors();
        Prediction[] predictions = new Prediction[TICKS];
        for (int i = 0; i < TICKS; i++) {
            MarketTick tick = ticks[i];
            Score score = scorer.score(vectors[i]);
            long scoredMicros = tick.getIngestTimeMicros() + 400;
            predictions[i] = Prediction.newBuilder().setSymbol(tick.getSymbol()).setVenue(tick.getVenue())
                    .setTickSequence(tick.getSequence()).setExchangeTimeMicros(tick.getExchangeTimeMicros())
                    .setIngestTimeMicros(tick.getIngestTimeMicros()).setMid((tick.getBid() + tick.getAsk()) / 2)
                    .setPredicted(score.predicted()).setPDown(score.pDown()).setPFlat(score.pFlat())
                    .setPUp(score.pUp()).setHorizonTicks(1).setModelId("mid-move").setModelVersion(1)
                    .setShadow(false).setScoreStartMicros(scoredMicros - 5).setScoreEndMicros(scoredMicros)
                    .build();
        }
        return predictions;
    }
}
