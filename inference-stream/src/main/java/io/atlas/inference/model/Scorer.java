package io.atlas.inference.model;

import io.atlas.events.MoveDirection;
import io.atlas.inference.features.FeatureVector;

import org.tribuo.Model;
import org.tribuo.Prediction;
import org.tribuo.classification.Label;
import org.tribuo.classification.LabelFactory;
import org.tribuo.impl.ArrayExample;

import java.util.Map;

/**
 * Scores feature vectors with a Tribuo classification model: reads a {@link FeatureVector}-ordered
 * {@code double[]}, returns a {@link Score}. Immutable and thread-safe (Tribuo models are safe for concurrent
 * prediction), so every stream thread shares one.
 *
 * <p>A Tribuo linear SGD model (the logistic regression {@code atlas-inference train} makes) is scored through its
 * {@link CompiledLinearModel} form, checked at construction to agree with Tribuo's {@code predict}; any other model
 * goes through Tribuo's {@code predict} with an example built from one shared, already sorted name array.
 */
public final class Scorer {

    private static final String[] NAMES = FeatureVector.namesArray();

    private final Model<Label> model;
    private final CompiledLinearModel compiled;

    public Scorer(Model<Label> model) {
        if (!model.generatesProbabilities()) {
            throw new IllegalArgumentException("the model does not produce probabilities");
        }
        this.model = model;
        this.compiled = CompiledLinearModel.compile(model, this::scoreWithTribuo);
    }

    /** Whether scoring uses the compiled linear form rather than Tribuo's {@code predict}. */
    public boolean isCompiled() {
        return compiled != null;
    }

    public Model<Label> model() {
        return model;
    }

    public Score score(double[] features) {
        return compiled != null ? compiled.score(features) : scoreWithTribuo(features);
    }

    /** Scores through Tribuo's own {@code predict}, whatever the model. */
    public Score scoreWithTribuo(double[] features) {
        Prediction<Label> prediction = model.predict(new ArrayExample<>(LabelFactory.UNKNOWN_LABEL, NAMES, features));
        Map<String, Label> scores = prediction.getOutputScores();
        double pDown = probability(scores, MoveDirection.DOWN);
        double pFlat = probability(scores, MoveDirection.FLAT);
        double pUp = probability(scores, MoveDirection.UP);
        return new Score(MoveDirection.valueOf(prediction.getOutput().getLabel()), pDown, pFlat, pUp);
    }

    private static double probability(Map<String, Label> scores, MoveDirection direction) {
        // A model trained on data without one of the moves (e.g. never FLAT) gives that move probability 0.
        Label label = scores.get(direction.name());
        return label == null ? 0.0 : label.getScore();
    }
}
