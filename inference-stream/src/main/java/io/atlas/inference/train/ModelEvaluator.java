package io.atlas.inference.train;

import io.atlas.events.MoveDirection;
import io.atlas.inference.model.PlantedSignal;
import io.atlas.inference.model.Score;
import io.atlas.inference.model.Scorer;

import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Scores held-out rows with a trained model and compares it with the naive baseline that always answers the
 * training prior: accuracy, UP-vs-DOWN AUC (score pUp - pDown, on the rows that moved) and multi-class log-loss.
 *
 * <p>The best achievable AUC uses the planted-signal contract: at a 1-tick horizon a move is UP with probability
 * sigma(k * imbalance), so the ideal score is that probability, and its expected AUC over the held-out imbalances
 * is computed exactly by {@link Auc#expected} (no label noise, no Monte Carlo).
 */
public final class ModelEvaluator {

    private static final double MIN_PROBABILITY = 1e-15;

    private ModelEvaluator() {
    }

    /**
     * @param signalStrength the k of the data's planted signal, or NaN when unknown
     * @param horizon        the horizon the labels look ahead; the best AUC is only defined for 1
     */
    public static EvaluationReport evaluate(Scorer scorer, List<LabeledRow> train, List<LabeledRow> test,
                                            double signalStrength, int horizon) {
        Map<MoveDirection, Long> prior = counts(train);
        MoveDirection majority = MoveDirection.FLAT;
        for (Map.Entry<MoveDirection, Long> entry : prior.entrySet()) {
            if (entry.getValue() > prior.getOrDefault(majority, 0L)) {
                majority = entry.getKey();
            }
        }
        int moved = 0;
        for (LabeledRow row : test) {
            if (row.label() != MoveDirection.FLAT) {
                moved++;
            }
        }
        double[] moveScores = new double[moved];
        boolean[] up = new boolean[moved];
        double[] idealScores = new double[moved];
        double[] idealUp = new double[moved];
        int hits = 0;
        int baselineHits = 0;
        double logLoss = 0;
        double baselineLogLoss = 0;
        int m = 0;
        for (LabeledRow row : test) {
            Score score = scorer.score(row.features());
            if (score.predicted() == row.label()) {
                hits++;
            }
            if (majority == row.label()) {
                baselineHits++;
            }
            logLoss -= Math.log(Math.max(MIN_PROBABILITY, score.probabilityOf(row.label())));
            double priorP = prior.getOrDefault(row.label(), 0L) / (double) train.size();
            baselineLogLoss -= Math.log(Math.max(MIN_PROBABILITY, priorP));
            if (row.label() != MoveDirection.FLAT) {
                moveScores[m] = score.pUp() - score.pDown();
                up[m] = row.label() == MoveDirection.UP;
                idealScores[m] = PlantedSignal.upGivenMove(signalStrength, row.imbalance());
                idealUp[m] = idealScores[m];
                m++;
            }
        }
        int n = test.size();
        double best = Double.isNaN(signalStrength) || horizon != 1 ? Double.NaN
                : Auc.expected(idealScores, idealUp);
        Map<String, Long> testCounts = new LinkedHashMap<>();
        counts(test).forEach((direction, count) -> testCounts.put(direction.name(), count));
        return new EvaluationReport(train.size(), n, testCounts, hits / (double) n, Auc.of(moveScores, up),
                logLoss / n, baselineHits / (double) n, baselineLogLoss / n, best);
    }

    private static Map<MoveDirection, Long> counts(List<LabeledRow> rows) {
        Map<MoveDirection, Long> counts = new EnumMap<>(MoveDirection.class);
        for (LabeledRow row : rows) {
            counts.merge(row.label(), 1L, Long::sum);
        }
        return counts;
    }
}
