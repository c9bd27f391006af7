package io.atlas.inference.train;

import io.atlas.inference.features.FeatureVector;

import org.tribuo.Model;
import org.tribuo.MutableDataset;
import org.tribuo.classification.Label;
import org.tribuo.classification.LabelFactory;
import org.tribuo.classification.sgd.linear.LinearSGDTrainer;
import org.tribuo.classification.sgd.objectives.LogMulticlass;
import org.tribuo.impl.ArrayExample;
import org.tribuo.math.optimisers.AdaGrad;
import org.tribuo.provenance.SimpleDataSourceProvenance;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.logging.Level;

/**
 * Fits a multinomial logistic regression (Tribuo's linear SGD with the log-multiclass loss and AdaGrad) on
 * labelled rows; reads {@link LabeledRow}s, returns a Tribuo {@code Model<Label>} whose provenance names the data
 * source and trainer settings.
 */
public final class ModelTrainer {

    // Tribuo reports every epoch through java.util.logging; keep a reference so the level sticks.
    private static final java.util.logging.Logger TRIBUO_LOG = java.util.logging.Logger.getLogger("org.tribuo");

    static {
        TRIBUO_LOG.setLevel(Level.WARNING);
    }

    private final int epochs;
    private final long seed;

    public ModelTrainer(int epochs, long seed) {
        if (epochs < 1) {
            throw new IllegalArgumentException("epochs must be at least 1, got " + epochs);
        }
        this.epochs = epochs;
        this.seed = seed;
    }

    public Model<Label> train(List<LabeledRow> rows, String sourceDescription) {
        if (rows.isEmpty()) {
            throw new IllegalArgumentException("no labelled rows to train on");
        }
        LabelFactory labels = new LabelFactory();
        MutableDataset<Label> dataset = new MutableDataset<>(
                new SimpleDataSourceProvenance(sourceDescription, OffsetDateTime.now(), labels), labels);
        String[] names = FeatureVector.namesArray();
        for (LabeledRow row : rows) {
            dataset.add(new ArrayExample<>(new Label(row.label().name()), names, row.features()));
        }
        LinearSGDTrainer trainer = new LinearSGDTrainer(new LogMulticlass(), new AdaGrad(0.1, 0.1), epochs,
                Math.max(1, rows.size() / 4), 1, seed);
        return trainer.train(dataset);
    }
}
