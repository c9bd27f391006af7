package io.atlas.inference.model;

import io.atlas.events.MoveDirection;
import io.atlas.inference.features.FeatureVector;

import org.tribuo.ImmutableFeatureMap;
import org.tribuo.ImmutableOutputInfo;
import org.tribuo.Model;
import org.tribuo.classification.Label;
import org.tribuo.classification.sgd.linear.LinearSGDModel;
import org.tribuo.math.la.DenseMatrix;

import java.util.SplittableRandom;
import java.util.function.Function;

/**
 * A Tribuo linear SGD classifier flattened to arrays: reads the model's weight matrix once and scores a
 * {@link FeatureVector}-ordered {@code double[]} as softmax(W x + b) with no allocation but the result, where
 * Tribuo's own {@code predict} builds an example, a sparse vector, a prediction and a map per call.
 *
 * <p>{@link #compile} only returns a compiled model after checking it against Tribuo's {@code predict} on probe
 * vectors (probabilities within 1e-9, same class), so a model whose output is not a softmax of a linear score
 * (another objective, another normalizer) is scored by Tribuo instead.
 */
final class CompiledLinearModel {

    private static final double TOLERANCE = 1e-9;
    private static final int PROBES = 32;

    private final int outputs;
    /** weights[o * SIZE + f]: weight of feature f for output row o. */
    private final double[] weights;
    private final double[] bias;
    /** The move each output row stands for. */
    private final MoveDirection[] directions;

    private CompiledLinearModel(int outputs, double[] weights, double[] bias, MoveDirection[] directions) {
        this.outputs = outputs;
        this.weights = weights;
        this.bias = bias;
        this.directions = directions;
    }

    /** The compiled form of {@code model}, or null when it is not a linear softmax model this class reproduces. */
    static CompiledLinearModel compile(Model<Label> model, Function<double[], Score> tribuo) {
        if (!(model instanceof LinearSGDModel linear)) {
            return null;
        }
        DenseMatrix matrix = linear.getWeightsCopy();
        ImmutableFeatureMap features = model.getFeatureIDMap();
        ImmutableOutputInfo<Label> outputInfo = model.getOutputIDInfo();
        int outputs = matrix.getDimension1Size();
        int columns = matrix.getDimension2Size();
        boolean hasBias = columns == features.size() + 1;
        if (outputs != outputInfo.size() || (!hasBias && columns != features.size())) {
            return null;
        }
        int size = FeatureVector.SIZE;
        double[] weights = new double[outputs * size];
        double[] bias = new double[outputs];
        MoveDirection[] directions = new MoveDirection[outputs];
        for (int o = 0; o < outputs; o++) {
            try {
                directions[o] = MoveDirection.valueOf(outputInfo.getOutput(o).getLabel());
            } catch (IllegalArgumentException e) {
                return null;
            }
            for (int f = 0; f < size; f++) {
                int id = features.getID(FeatureVector.NAMES.get(f));
                // A feature the training data never set has no column: it cannot move the score.
                weights[o * size + f] = id < 0 ? 0.0 : matrix.get(o, id);
            }
            bias[o] = hasBias ? matrix.get(o, columns - 1) : 0.0;
        }
        CompiledLinearModel compiled = new CompiledLinearModel(outputs, weights, bias, directions);
        return compiled.agreesWith(tribuo) ? compiled : null;
    }

    private boolean agreesWith(Function<double[], Score> tribuo) {
        SplittableRandom random = new SplittableRandom(17);
        for (int probe = 0; probe < PROBES; probe++) {
            double[] x = new double[FeatureVector.SIZE];
            for (int f = 0; f < x.length; f++) {
                x[f] = probe == 0 ? 0.0 : random.nextDouble(-3, 3);
            }
            Score expected = tribuo.apply(x);
            Score actual = score(x);
            if (Math.abs(expected.pDown() - actual.pDown()) > TOLERANCE
                    || Math.abs(expected.pFlat() - actual.pFlat()) > TOLERANCE
                    || Math.abs(expected.pUp() - actual.pUp()) > TOLERANCE) {
                return false;
            }
        }
        return true;
    }

    Score score(double[] x) {
        int size = FeatureVector.SIZE;
        double max = Double.NEGATIVE_INFINITY;
        // At most three outputs (DOWN, FLAT, UP): keep them in locals, not an array.
        double s0 = 0;
        double s1 = 0;
        double s2 = 0;
        for (int o = 0; o < outputs; o++) {
            double sum = bias[o];
            int base = o * size;
            for (int f = 0; f < size; f++) {
                sum += weights[base + f] * x[f];
            }
            if (o == 0) {
                s0 = sum;
            } else if (o == 1) {
                s1 = sum;
            } else {
                s2 = sum;
            }
            max = Math.max(max, sum);
        }
        double e0 = Math.exp(s0 - max);
        double e1 = outputs > 1 ? Math.exp(s1 - max) : 0;
        double e2 = outputs > 2 ? Math.exp(s2 - max) : 0;
        double total = e0 + e1 + e2;
        double pDown = 0;
        double pFlat = 0;
        double pUp = 0;
        int best = 0;
        double bestP = -1;
        for (int o = 0; o < outputs; o++) {
            double p = (o == 0 ? e0 : o == 1 ? e1 : e2) / total;
            switch (directions[o]) {
                case DOWN -> pDown = p;
                case FLAT -> pFlat = p;
                case UP -> pUp = p;
            }
            if (p > bestP) {
                bestP = p;
                best = o;
            }
        }
        return new Score(directions[best], pDown, pFlat, pUp);
    }
}
