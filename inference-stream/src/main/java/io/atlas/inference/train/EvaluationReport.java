package io.atlas.inference.train;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Quality of a trained model on the held-out tail, next to a naive baseline (the training prior) and, when the
 * data's planted signal strength is known, the best UP-vs-DOWN AUC any model could reach.
 *
 * @param bestAchievableAuc NaN when the signal strength was not stated or the horizon is not 1 tick
 */
public record EvaluationReport(int trainRows, int testRows, Map<String, Long> testLabelCounts, double accuracy,
                               double aucUpVsDown, double logLoss, double baselineAccuracy, double baselineLogLoss,
                               double bestAchievableAuc) {

    /** The figures a release carries in {@code ModelRelease.metrics}. */
    public Map<String, Double> asMetrics() {
        Map<String, Double> metrics = new LinkedHashMap<>();
        metrics.put("accuracy", accuracy);
        metrics.put("auc_up_vs_down", aucUpVsDown);
        metrics.put("log_loss", logLoss);
        metrics.put("baseline_accuracy", baselineAccuracy);
        metrics.put("baseline_log_loss", baselineLogLoss);
        metrics.put("train_rows", (double) trainRows);
        metrics.put("test_rows", (double) testRows);
        if (!Double.isNaN(bestAchievableAuc)) {
            metrics.put("best_achievable_auc", bestAchievableAuc);
        }
        return metrics;
    }

    /** A small table for the terminal. */
    public String render() {
        StringBuilder text = new StringBuilder();
        text.append(String.format(Locale.ROOT, "rows: %d train, %d test (time-ordered split); test labels %s%n",
                trainRows, testRows, testLabelCounts));
        text.append(String.format(Locale.ROOT, "%-28s %10s %10s %10s%n", "", "accuracy", "AUC up/dn", "log-loss"));
        text.append(String.format(Locale.ROOT, "%-28s %10.4f %10.4f %10.4f%n", "model", accuracy, aucUpVsDown,
                logLoss));
        text.append(String.format(Locale.ROOT, "%-28s %10.4f %10.4f %10.4f%n", "naive baseline (train prior)",
                baselineAccuracy, 0.5, baselineLogLoss));
        if (!Double.isNaN(bestAchievableAuc)) {
            text.append(String.format(Locale.ROOT, "%-28s %10s %10.4f %10s%n", "best achievable (signal)", "",
                    bestAchievableAuc, ""));
        }
        return text.toString();
    }
}
