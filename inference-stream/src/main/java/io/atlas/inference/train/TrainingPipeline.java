package io.atlas.inference.train;

import io.atlas.events.MarketTick;
import io.atlas.inference.model.ModelCodec;
import io.atlas.inference.model.Scorer;

import org.tribuo.Model;
import org.tribuo.classification.Label;

import java.util.List;
import java.util.function.ToDoubleFunction;

/**
 * Trains and evaluates one model from ticks: labels them ({@link LabeledRows}), splits the rows in time order
 * (the last {@code testFraction} held out), fits the model on the head ({@link ModelTrainer}) and evaluates it on
 * the tail ({@link ModelEvaluator}). Used by {@code atlas-train train} and by the stream's first-start training.
 */
public final class TrainingPipeline {

    private final int horizon;
    private final double testFraction;
    private final ModelTrainer trainer;
    private final double signalStrength;

    /**
     * @param signalStrength the data's planted signal strength k when known (simulated data), else NaN
     */
    public TrainingPipeline(int horizon, double testFraction, int epochs, long seed, double signalStrength) {
        if (!(testFraction > 0 && testFraction < 1)) {
            throw new IllegalArgumentException("test fraction must be strictly between 0 and 1, got " + testFraction);
        }
        this.horizon = horizon;
        this.testFraction = testFraction;
        this.trainer = new ModelTrainer(epochs, seed);
        this.signalStrength = signalStrength;
    }

    public Result run(Iterable<MarketTick> ticks, ToDoubleFunction<String> tickSizes, String sourceDescription) {
        LabeledRows labeled = new LabeledRows(horizon, tickSizes);
        long read = 0;
        for (MarketTick tick : ticks) {
            labeled.add(tick);
            read++;
        }
        List<LabeledRow> rows = labeled.rows();
        int testRows = (int) Math.round(rows.size() * testFraction);
        if (rows.size() - testRows < 10 || testRows < 10) {
            throw new IllegalArgumentException("too few labelled ticks to train and evaluate: " + rows.size()
                    + " from " + read + " ticks");
        }
        List<LabeledRow> train = rows.subList(0, rows.size() - testRows);
        List<LabeledRow> test = rows.subList(rows.size() - testRows, rows.size());
        long started = System.nanoTime();
        Model<Label> model = trainer.train(train, sourceDescription);
        double trainSeconds = (System.nanoTime() - started) / 1e9;
        EvaluationReport report = ModelEvaluator.evaluate(new Scorer(model), train, test, signalStrength, horizon);
        byte[] bytes = ModelCodec.toBytes(model);
        return new Result(model, bytes, ModelCodec.sha256(bytes), report, read, labeled.skipped(), trainSeconds);
    }

    public int horizon() {
        return horizon;
    }

    /** A trained model, its release bytes and digest, and how it scored. */
    public record Result(Model<Label> model, byte[] bytes, String digest, EvaluationReport report, long ticksRead,
                         long ticksSkipped, double trainSeconds) {
    }
}
