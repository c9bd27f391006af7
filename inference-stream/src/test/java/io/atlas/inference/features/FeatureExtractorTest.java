package io.atlas.inference.features;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.atlas.events.MarketTick;
import io.atlas.events.Side;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

class FeatureExtractorTest {

    private static final double TICK = 0.01;
    private static final double EPS = 1e-9;

    private static MarketTick tick(long sequence, long timeMicros, double bid, double ask, double bidSize,
                                   double askSize, double last, double lastSize, Side aggressor) {
        return MarketTick.newBuilder()
                .setSymbol("AAPL").setVenue("XNAS").setSequence(sequence)
                .setExchangeTimeMicros(timeMicros).setIngestTimeMicros(timeMicros + 10)
                .setBid(bid).setAsk(ask).setLast(last)
                .setBidSize(bidSize).setAskSize(askSize).setLastSize(lastSize)
                .setAggressor(aggressor)
                .build();
    }

    @Test
    void shouldDeclareFeatureNamesSortedSoTribuoKeepsTheirOrder() {
        List<String> sorted = new ArrayList<>(FeatureVector.NAMES);
        sorted.sort(null);
        assertThat(FeatureVector.NAMES).isEqualTo(sorted).hasSize(FeatureVector.SIZE).doesNotHaveDuplicates();
    }

    @Test
    void shouldComputeFirstTickFeaturesWithoutHistory() {
        SymbolFeatures state = new SymbolFeatures();
        double[] out = new double[FeatureVector.SIZE];

        assertThat(FeatureExtractor.update(state, tick(1, 1_000_000, 100.00, 100.02, 300, 100, 100.02, 50,
                Side.BUY), TICK, out)).isTrue();

        assertThat(out[FeatureVector.IMBALANCE]).isCloseTo(0.5, within(EPS));
        assertThat(out[FeatureVector.SPREAD_TICKS]).isCloseTo(2.0, within(EPS));
        assertThat(out[FeatureVector.MID_CHANGE_01]).isZero();
        assertThat(out[FeatureVector.MID_CHANGE_05]).isZero();
        assertThat(out[FeatureVector.MID_CHANGE_20]).isZero();
        assertThat(out[FeatureVector.EWMA_VOLATILITY_TICKS]).isZero();
        assertThat(out[FeatureVector.LOG_TICK_RATE]).isZero();
        // One trade: VWAP is its price 100.02, the mid 100.01 sits one tick below; flow all buying.
        assertThat(out[FeatureVector.VWAP_DISTANCE_TICKS]).isCloseTo(-1.0, within(EPS));
        assertThat(out[FeatureVector.TRADE_FLOW_IMBALANCE]).isCloseTo(1.0, within(EPS));
        assertThat(state.accepted()).isEqualTo(1);
        assertThat(state.lastMid()).isCloseTo(100.01, within(EPS));
    }

    @Test
    void shouldComputeRollingFeaturesOnAHandWorkedSequence() {
        SymbolFeatures state = new SymbolFeatures();
        double[] out = new double[FeatureVector.SIZE];
        double a = FeatureExtractor.ALPHA;
        FeatureExtractor.update(state, tick(1, 1_000_000, 100.00, 100.02, 300, 100, 100.02, 50, Side.BUY), TICK, out);
        // Mid 100.01 -> 100.03: +2 ticks, 10 ms later, a 150-lot sell at 100.02.
        FeatureExtractor.update(state, tick(2, 1_010_000, 100.02, 100.04, 100, 100, 100.02, 150, Side.SELL), TICK,
                out);
        assertThat(out[FeatureVector.MID_CHANGE_01]).isCloseTo(2.0, within(EPS));
        assertThat(out[FeatureVector.MID_CHANGE_05]).isCloseTo(2.0, within(EPS));
        assertThat(out[FeatureVector.IMBALANCE]).isZero();
        double variance = a * 4;
        assertThat(out[FeatureVector.EWMA_VOLATILITY_TICKS]).isCloseTo(Math.sqrt(variance), within(EPS));
        assertThat(out[FeatureVector.LOG_TICK_RATE]).isCloseTo(Math.log1p(100.0), within(EPS));
        double num = a * (100.02 * 50);
        double den = a * 50;
        num += a * (100.02 * 150 - num);
        den += a * (150 - den);
        assertThat(out[FeatureVector.VWAP_DISTANCE_TICKS]).isCloseTo((100.03 - num / den) / TICK, within(1e-6));
        double signed = a * 50;
        double absolute = a * 50;
        signed += a * (-150 - signed);
        absolute += a * (150 - absolute);
        assertThat(out[FeatureVector.TRADE_FLOW_IMBALANCE]).isCloseTo(signed / absolute, within(EPS));

        // Mid 100.03 -> 100.02: -1 tick, 30 ms later; the 5-tick change counts from the first mid.
        FeatureExtractor.update(state, tick(3, 1_040_000, 100.01, 100.03, 100, 300, 100.03, 0, Side.UNKNOWN), TICK,
                out);
        assertThat(out[FeatureVector.MID_CHANGE_01]).isCloseTo(-1.0, within(EPS));
        assertThat(out[FeatureVector.MID_CHANGE_05]).isCloseTo(1.0, within(EPS));
        assertThat(out[FeatureVector.MID_CHANGE_20]).isCloseTo(1.0, within(EPS));
        assertThat(out[FeatureVector.IMBALANCE]).isCloseTo(-0.5, within(EPS));
        variance += a * (1 - variance);
        assertThat(out[FeatureVector.EWMA_VOLATILITY_TICKS]).isCloseTo(Math.sqrt(variance), within(EPS));
        double interval = 10_000 + a * (30_000 - 10_000);
        assertThat(out[FeatureVector.LOG_TICK_RATE]).isCloseTo(Math.log1p(1e6 / interval), within(EPS));
        // No trade size on this tick: the flow is unchanged.
        assertThat(out[FeatureVector.TRADE_FLOW_IMBALANCE]).isCloseTo(signed / absolute, within(EPS));
    }

    @Test
    void shouldMeasureMidChangesOverTwentyTicks() {
        SymbolFeatures state = new SymbolFeatures();
        double[] out = new double[FeatureVector.SIZE];
        for (int i = 0; i < 30; i++) {
            double bid = 100 + i * TICK;
            FeatureExtractor.update(state, tick(i + 1, 1_000_000L + i * 1000, bid, bid + TICK, 1, 1, bid, 1,
                    Side.BUY), TICK, out);
        }
        assertThat(out[FeatureVector.MID_CHANGE_01]).isCloseTo(1.0, within(1e-6));
        assertThat(out[FeatureVector.MID_CHANGE_05]).isCloseTo(5.0, within(1e-6));
        assertThat(out[FeatureVector.MID_CHANGE_20]).isCloseTo(20.0, within(1e-6));
    }

    @Test
    void shouldIgnoreATickThatIsNotNewerThanTheLast() {
        SymbolFeatures state = new SymbolFeatures();
        double[] out = new double[FeatureVector.SIZE];
        FeatureExtractor.update(state, tick(5, 1_000_000, 100, 100.02, 1, 1, 100.01, 1, Side.BUY), TICK, out);
        double[] before = out.clone();

        assertThat(FeatureExtractor.update(state, tick(5, 1_000_000, 90, 90.02, 1, 1, 90.01, 1, Side.BUY), TICK,
                out)).isFalse();
        assertThat(FeatureExtractor.update(state, tick(4, 1_000_000, 90, 90.02, 1, 1, 90.01, 1, Side.BUY), TICK,
                out)).isFalse();
        assertThat(out).isEqualTo(before);
        assertThat(state.accepted()).isEqualTo(1);
    }

    @Test
    void shouldRoundTripStateThroughItsBinaryForm() {
        SymbolFeatures state = new SymbolFeatures();
        double[] out = new double[FeatureVector.SIZE];
        for (int i = 0; i < 25; i++) {
            FeatureExtractor.update(state, tick(i + 1, 1_000_000L + i * 777, 100 + (i % 3) * TICK, 100.02, 10 + i,
                    30, 100.01, i, i % 2 == 0 ? Side.BUY : Side.SELL), TICK, out);
        }
        ByteBuffer bytes = ByteBuffer.allocate(SymbolFeatures.BYTES);
        state.writeTo(bytes);
        assertThat(bytes.remaining()).as("the declared size is exact").isZero();
        SymbolFeatures copy = SymbolFeatures.readFrom(bytes.flip());

        assertThat(copy).isEqualTo(state);
        double[] next = new double[FeatureVector.SIZE];
        double[] nextCopy = new double[FeatureVector.SIZE];
        MarketTick following = tick(26, 1_100_000, 100.05, 100.07, 5, 6, 100.06, 3, Side.BUY);
        FeatureExtractor.update(state, following, TICK, next);
        FeatureExtractor.update(copy, following, TICK, nextCopy);
        assertThat(nextCopy).isEqualTo(next);
    }
}
