package io.atlas.inference.train;

import java.util.Arrays;
import java.util.Comparator;

/**
 * Area under the ROC curve, computed by ranks (Mann-Whitney) so it costs one sort.
 */
public final class Auc {

    private Auc() {
    }

    /**
     * AUC of {@code scores} for telling positives from negatives; ties count one half. NaN when either class is
     * empty.
     */
    public static double of(double[] scores, boolean[] positive) {
        double[] weights = new double[scores.length];
        for (int i = 0; i < scores.length; i++) {
            weights[i] = positive[i] ? 1.0 : 0.0;
        }
        return expected(scores, weights);
    }

    /**
     * Expected AUC when item {@code i} is positive with probability {@code pPositive[i]} and negative otherwise,
     * independently: the sum over pairs of P(i positive) P(j negative) [s_i > s_j, or one half on ties], over the
     * sum of those weights. With probabilities 0/1 this is the ordinary AUC.
     */
    public static double expected(double[] scores, double[] pPositive) {
        int n = scores.length;
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        Arrays.sort(order, Comparator.comparingDouble(i -> scores[i]));
        double negativesBelow = 0;
        double favourable = 0;
        double totalPositive = 0;
        double totalNegative = 0;
        double selfPairs = 0;
        int start = 0;
        while (start < n) {
            int end = start;
            double groupPositive = 0;
            double groupNegative = 0;
            while (end < n && scores[order[end]] == scores[order[start]]) {
                double p = pPositive[order[end]];
                groupPositive += p;
                groupNegative += 1 - p;
                selfPairs += p * (1 - p);
                end++;
            }
            // Pairs inside a tie group count one half; an item never pairs with itself.
            favourable += groupPositive * negativesBelow
                    + 0.5 * (groupPositive * groupNegative - sumSelf(order, pPositive, start, end));
            negativesBelow += groupNegative;
            totalPositive += groupPositive;
            totalNegative += groupNegative;
            start = end;
        }
        double pairs = totalPositive * totalNegative - selfPairs;
        return pairs > 0 ? favourable / pairs : Double.NaN;
    }

    private static double sumSelf(Integer[] order, double[] p, int start, int end) {
        double sum = 0;
        for (int k = start; k < end; k++) {
            double q = p[order[k]];
            sum += q * (1 - q);
        }
        return sum;
    }
}
