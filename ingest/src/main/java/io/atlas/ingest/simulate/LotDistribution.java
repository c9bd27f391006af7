package io.atlas.ingest.simulate;

import java.util.Arrays;
import java.util.random.RandomGenerator;

/**
 * The number of lots resting at the best bid or ask: a geometric distribution on 1..{@code maxLots} (truncated and
 * renormalised), drawn independently for each side and each tick. Its exact probabilities are what
 * {@link SignalMath#bestAuc} integrates over, so the best achievable AUC is exact for the sizes really drawn.
 */
public final class LotDistribution {

    public static final LotDistribution DEFAULT = new LotDistribution(0.12, 100);

    private final double[] probability;
    private final double[] cumulative;

    /**
     * @param p       the geometric parameter: P(n) ∝ (1-p)^(n-1)
     * @param maxLots the largest size, in lots
     */
    public LotDistribution(double p, int maxLots) {
        if (!(p > 0 && p < 1) || maxLots < 1) {
            throw new IllegalArgumentException("need 0 < p < 1 and maxLots >= 1, got " + p + ", " + maxLots);
        }
        probability = new double[maxLots + 1];
        double total = 0;
        for (int n = 1; n <= maxLots; n++) {
            probability[n] = Math.pow(1 - p, n - 1) * p;
            total += probability[n];
        }
        cumulative = new double[maxLots + 1];
        double sum = 0;
        for (int n = 1; n <= maxLots; n++) {
            probability[n] /= total;
            sum += probability[n];
            cumulative[n] = sum;
        }
        cumulative[maxLots] = 1.0;
    }

    public int maxLots() {
        return probability.length - 1;
    }

    /** P(size = {@code lots}). */
    public double probability(int lots) {
        return lots < 1 || lots > maxLots() ? 0 : probability[lots];
    }

    public int sample(RandomGenerator random) {
        double u = random.nextDouble();
        int index = Arrays.binarySearch(cumulative, 1, cumulative.length, u);
        int lots = index >= 0 ? index : -index - 1;
        return Math.min(Math.max(lots, 1), maxLots());
    }
}
