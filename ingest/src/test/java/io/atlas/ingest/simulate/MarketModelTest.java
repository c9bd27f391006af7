package io.atlas.ingest.simulate;

import io.atlas.events.MarketTick;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class MarketModelTest {

    /** For every tick after a symbol's first: the imbalance its previous tick published, and what the mid did. */
    private record Observed(double[] imbalance, int[] direction, int count) {
        long changes() {
            long n = 0;
            for (int i = 0; i < count; i++) {
                n += direction[i] != 0 ? 1 : 0;
            }
            return n;
        }
    }

    private static Observed observe(MarketModel model, int ticks) {
        double[] imbalance = new double[ticks];
        int[] direction = new int[ticks];
        int count = 0;
        Map<String, double[]> previous = new HashMap<>(); // symbol -> {mid, imbalance}
        Map<String, Double> tickSizes = new HashMap<>();
        model.instruments().forEach(instrument -> tickSizes.put(instrument.symbol(), instrument.tickSize()));
        for (int i = 0; i < ticks; i++) {
            MarketTick tick = model.next(i);
            String symbol = tick.getSymbol().toString();
            double mid = (tick.getBid() + tick.getAsk()) / 2;
            double[] before = previous.get(symbol);
            if (before != null) {
                double tickSize = tickSizes.get(symbol);
                double change = mid - before[0];
                imbalance[count] = before[1];
                direction[count] = Math.abs(change) < tickSize / 4 ? 0 : change > 0 ? 1 : -1;
                count++;
            }
            previous.put(symbol, new double[] {mid, SignalMath.imbalance(tick.getBidSize(), tick.getAskSize())});
        }
        return new Observed(imbalance, direction, count);
    }

    private static MarketModel model(long seed, double k, double moveProbability, int symbols) {
        return new MarketModel(SimulatedInstruments.first(symbols), new MarketModel.Parameters(seed, k, moveProbability));
    }

    @Test
    void shouldGenerateTheSameTicksForTheSameSeed() {
        MarketModel a = model(7, 2, 0.5, 500);
        MarketModel b = model(7, 2, 0.5, 500);
        MarketModel other = model(8, 2, 0.5, 500);
        List<MarketTick> fromA = new ArrayList<>();
        List<MarketTick> fromB = new ArrayList<>();
        List<MarketTick> fromOther = new ArrayList<>();
        for (int i = 0; i < 20_000; i++) {
            fromA.add(a.next(i));
            fromB.add(b.next(i));
            fromOther.add(other.next(i));
        }
        assertThat(fromA).isEqualTo(fromB);
        assertThat(fromA).isNotEqualTo(fromOther);
    }

    @Test
    void shouldKeepPricesPositiveOnTheTickGridWithBidBelowAsk() {
        MarketModel model = model(11, 2, 0.5, 500);
        Map<String, Double> tickSizes = new HashMap<>();
        model.instruments().forEach(instrument -> tickSizes.put(instrument.symbol(), instrument.tickSize()));
        for (int i = 0; i < 100_000; i++) {
            MarketTick tick = model.next(i);
            double tickSize = tickSizes.get(tick.getSymbol().toString());
            assertThat(tick.getBid()).isPositive().isLessThan(tick.getAsk());
            for (double price : new double[] {tick.getBid(), tick.getAsk(), tick.getLast()}) {
                double ticks = price / tickSize;
                assertThat(ticks).as("%s on the grid of %s", price, tickSize).isCloseTo(Math.rint(ticks), within(1e-6));
            }
            assertThat(tick.getBidSize()).isPositive();
            assertThat(tick.getAskSize()).isPositive();
            assertThat(tick.getLastSize()).isNotNegative();
        }
    }

    @Test
    void shouldMoveUpWithProbabilitySigmoidOfStrengthTimesImbalance() {
        double k = 2.0;
        Observed observed = observe(model(3, k, 0.5, 20), 800_000);
        // Ten bins of I; in each, the share of UP among changes must match the mean of σ(k·I) of the bin.
        int bins = 10;
        double[] up = new double[bins];
        double[] changes = new double[bins];
        double[] expected = new double[bins];
        for (int i = 0; i < observed.count(); i++) {
            if (observed.direction()[i] == 0) {
                continue;
            }
            double imbalance = observed.imbalance()[i];
            int bin = Math.min(bins - 1, (int) ((imbalance + 1) / 2 * bins));
            changes[bin]++;
            up[bin] += observed.direction()[i] > 0 ? 1 : 0;
            expected[bin] += SignalMath.sigmoid(k * imbalance);
        }
        for (int bin = 0; bin < bins; bin++) {
            assertThat(changes[bin]).as("changes in bin %d", bin).isGreaterThan(5_000);
            assertThat(up[bin] / changes[bin]).as("P(UP) in bin %d", bin)
                    .isCloseTo(expected[bin] / changes[bin], within(0.02));
        }
    }

    @Test
    void shouldPlantNoSignalWhenStrengthIsZero() {
        Observed observed = observe(model(5, 0, 0.5, 20), 300_000);
        double upWhenBidHeavy = 0;
        double changesWhenBidHeavy = 0;
        double upWhenAskHeavy = 0;
        double changesWhenAskHeavy = 0;
        for (int i = 0; i < observed.count(); i++) {
            int direction = observed.direction()[i];
            if (direction == 0) {
                continue;
            }
            if (observed.imbalance()[i] > 0.3) {
                changesWhenBidHeavy++;
                upWhenBidHeavy += direction > 0 ? 1 : 0;
            } else if (observed.imbalance()[i] < -0.3) {
                changesWhenAskHeavy++;
                upWhenAskHeavy += direction > 0 ? 1 : 0;
            }
        }
        assertThat(upWhenBidHeavy / changesWhenBidHeavy).isCloseTo(0.5, within(0.01));
        assertThat(upWhenAskHeavy / changesWhenAskHeavy).isCloseTo(0.5, within(0.01));
        assertThat(empiricalAuc(observed, 0)).isCloseTo(0.5, within(0.01));
    }

    @Test
    void shouldChangeTheMidWithTheMoveProbability() {
        Observed observed = observe(model(9, 2, 0.3, 20), 200_000);
        assertThat((double) observed.changes() / observed.count()).isCloseTo(0.3, within(0.005));
    }

    @Test
    void shouldReachTheComputedBestAucOnGeneratedData() {
        double k = 2.0;
        double best = SignalMath.bestAuc(k, LotDistribution.DEFAULT);
        double empirical = empiricalAuc(observe(model(13, k, 0.5, 20), 600_000), k);
        assertThat(best).isBetween(0.55, 0.8);
        assertThat(empirical).isCloseTo(best, within(0.005));
    }

    /** The AUC of the true probability σ(k·I) as a score, UP against DOWN, on the changes observed. */
    private static double empiricalAuc(Observed observed, double k) {
        int changes = (int) observed.changes();
        double[] scores = new double[changes];
        boolean[] up = new boolean[changes];
        int n = 0;
        for (int i = 0; i < observed.count(); i++) {
            if (observed.direction()[i] != 0) {
                // k = 0 carries no information; score by I itself to show the imbalance is worthless then.
                scores[n] = k == 0 ? observed.imbalance()[i] : SignalMath.sigmoid(k * observed.imbalance()[i]);
                up[n] = observed.direction()[i] > 0;
                n++;
            }
        }
        return SignalMath.auc(scores, up);
    }
}
