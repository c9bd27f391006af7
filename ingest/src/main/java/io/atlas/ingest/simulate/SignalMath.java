package io.atlas.ingest.simulate;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The planted signal's arithmetic: P(UP | I) = σ(k·I), and the best UP-vs-DOWN AUC any model can reach at a horizon
 * of one tick, which is the AUC of that true probability used as the score.
 */
public final class SignalMath {

    private SignalMath() {
    }

    /** σ(x) = 1 / (1 + e^(−x)). */
    public static double sigmoid(double x) {
        return 1.0 / (1.0 + Math.exp(-x));
    }

    /** The imbalance of a book with these quantities: (bid − ask) / (bid + ask), in [−1, 1]. */
    public static double imbalance(double bidSize, double askSize) {
        double total = bidSize + askSize;
        return total == 0 ? 0 : (bidSize - askSize) / total;
    }

    /**
     * The best achievable AUC of UP against DOWN for the next mid change, exactly, by enumeration.
     *
     * <p>Method: bid and ask lots are independent draws from {@code lots}, so I = (b − a)/(b + a) takes finitely many
     * values v with probabilities p(v) (enumerating every pair). Given a change, P(UP | v) = σ(k·v), so the UP mass
     * at v is p(v)·σ(k·v) and the DOWN mass p(v)·(1 − σ(k·v)). The AUC of a score is the probability that a random UP
     * case scores above a random DOWN case (ties count half); the true probability σ(k·I) is monotone in I, so
     * AUC = Σ_v up(v)·(down(values below v) + ½·down(v)) / (Σ up · Σ down). {@code moveProbability} does not enter:
     * it only decides how many changes there are. For k = 0 this is exactly 0.5.
     */
    public static double bestAuc(double signalStrength, LotDistribution lots) {
        Map<Long, double[]> byValue = new HashMap<>(); // key: the reduced fraction; value: {I, probability}
        for (int b = 1; b <= lots.maxLots(); b++) {
            for (int a = 1; a <= lots.maxLots(); a++) {
                long num = b - a;
                long den = b + a;
                long g = gcd(Math.abs(num), den);
                long key = (num / g) * 1_000_003L + den / g;
                double p = lots.probability(b) * lots.probability(a);
                double value = (double) num / den;
                byValue.computeIfAbsent(key, k -> new double[] {value, 0})[1] += p;
            }
        }
        List<double[]> values = new ArrayList<>(byValue.values());
        values.sort((x, y) -> Double.compare(x[0], y[0]));
        double up = 0;
        double down = 0;
        double downBelow = 0;
        double pairs = 0;
        for (double[] value : values) {
            double pUp = sigmoid(signalStrength * value[0]);
            double upMass = value[1] * pUp;
            double downMass = value[1] * (1 - pUp);
            pairs += upMass * (downBelow + 0.5 * downMass);
            downBelow += downMass;
            up += upMass;
            down += downMass;
        }
        return pairs / (up * down);
    }

    /**
     * The AUC of {@code scores} for telling {@code positive} cases from the others (Mann–Whitney, ties half).
     */
    public static double auc(double[] scores, boolean[] positive) {
        int n = scores.length;
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        java.util.Arrays.sort(order, (x, y) -> Double.compare(scores[x], scores[y]));
        double rankSumPositive = 0;
        long positives = 0;
        int i = 0;
        while (i < n) {
            int j = i;
            while (j + 1 < n && scores[order[j + 1]] == scores[order[i]]) {
                j++;
            }
            double averageRank = (i + j) / 2.0 + 1;
            for (int t = i; t <= j; t++) {
                if (positive[order[t]]) {
                    rankSumPositive += averageRank;
                    positives++;
                }
            }
            i = j + 1;
        }
        long negatives = n - positives;
        if (positives == 0 || negatives == 0) {
            throw new IllegalArgumentException("AUC needs both classes; got " + positives + " positives of " + n);
        }
        return (rankSumPositive - positives * (positives + 1) / 2.0) / ((double) positives * negatives);
    }

    private static long gcd(long a, long b) {
        while (b != 0) {
            long t = a % b;
            a = b;
            b = t;
        }
        return a;
    }
}
