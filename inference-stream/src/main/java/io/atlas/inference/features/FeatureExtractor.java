package io.atlas.inference.features;

import io.atlas.events.MarketTick;
import io.atlas.events.Side;

/**
 * Turns a symbol's ticks into feature vectors: reads one {@link MarketTick} and the symbol's {@link SymbolFeatures},
 * updates that state and writes the {@link FeatureVector} of the tick. The Kafka Streams processor and the training
 * CLI both call this one method, so a model sees at serving exactly the features it was trained on.
 *
 * <p>Prices are expressed in ticks of the instrument (its tick size) so that one model fits symbols of any price.
 * Rolling statistics are exponentially weighted so the state stays a fixed size.
 */
public final class FeatureExtractor {

    /** Weight of the newest observation in the volatility, tick-rate, VWAP and trade-flow averages. */
    public static final double ALPHA = 0.05;

    private FeatureExtractor() {
    }

    /**
     * Takes {@code tick} into {@code state} and writes its features into {@code out}.
     *
     * @param tickSize the instrument's price increment; a non-positive value is treated as 1 (prices in currency)
     * @return false, changing nothing, when the tick is not newer than the last one seen (a replay or duplicate)
     */
    public static boolean update(SymbolFeatures state, MarketTick tick, double tickSize, double[] out) {
        if (!state.isNew(tick)) {
            return false;
        }
        double unit = tickSize > 0 ? tickSize : 1.0;
        double bid = tick.getBid();
        double ask = tick.getAsk();
        double mid = (bid + ask) / 2;
        long time = tick.getExchangeTimeMicros();
        boolean first = state.accepted == 0;
        if (first) {
            // Without history every change is measured from the first mid seen.
            java.util.Arrays.fill(state.mids, mid);
            state.lastMid = mid;
            state.lastExchangeMicros = time;
        }
        double move = (mid - state.lastMid) / unit;
        if (!first) {
            state.ewmaSquaredMove += ALPHA * (move * move - state.ewmaSquaredMove);
            double interval = Math.max(0, time - state.lastExchangeMicros);
            state.ewmaIntervalMicros = state.accepted == 1 ? interval
                    : state.ewmaIntervalMicros + ALPHA * (interval - state.ewmaIntervalMicros);
        }
        double lastSize = tick.getLastSize();
        double last = tick.getLast();
        if (lastSize > 0 && last > 0) {
            state.vwapNumerator += ALPHA * (last * lastSize - state.vwapNumerator);
            state.vwapDenominator += ALPHA * (lastSize - state.vwapDenominator);
            double sign = tick.getAggressor() == Side.BUY ? 1 : tick.getAggressor() == Side.SELL ? -1 : 0;
            state.flowSigned += ALPHA * (sign * lastSize - state.flowSigned);
            state.flowAbsolute += ALPHA * (lastSize - state.flowAbsolute);
        }

        double bidSize = tick.getBidSize();
        double askSize = tick.getAskSize();
        double depth = bidSize + askSize;
        out[FeatureVector.IMBALANCE] = depth > 0 ? (bidSize - askSize) / depth : 0;
        out[FeatureVector.MID_CHANGE_01] = (mid - midAgo(state, 1)) / unit;
        out[FeatureVector.MID_CHANGE_05] = (mid - midAgo(state, 5)) / unit;
        out[FeatureVector.MID_CHANGE_20] = (mid - midAgo(state, 20)) / unit;
        out[FeatureVector.EWMA_VOLATILITY_TICKS] = Math.sqrt(state.ewmaSquaredMove);
        out[FeatureVector.SPREAD_TICKS] = (ask - bid) / unit;
        out[FeatureVector.TRADE_FLOW_IMBALANCE] = state.flowAbsolute > 0 ? state.flowSigned / state.flowAbsolute : 0;
        double ticksPerSecond = state.ewmaIntervalMicros > 0 ? 1_000_000.0 / state.ewmaIntervalMicros : 0;
        out[FeatureVector.LOG_TICK_RATE] = Math.log1p(ticksPerSecond);
        double vwap = state.vwapDenominator > 0 ? state.vwapNumerator / state.vwapDenominator : mid;
        out[FeatureVector.VWAP_DISTANCE_TICKS] = (mid - vwap) / unit;

        state.mids[state.head] = mid;
        state.head = (state.head + 1) % SymbolFeatures.HISTORY;
        state.lastMid = mid;
        state.lastExchangeMicros = time;
        state.lastSequence = tick.getSequence();
        state.accepted++;
        return true;
    }

    /** The mid {@code k} ticks before the current one (1 = the previous tick), before the ring takes the current. */
    private static double midAgo(SymbolFeatures state, int k) {
        int index = state.head - k;
        if (index < 0) {
            index += SymbolFeatures.HISTORY;
        }
        return state.mids[index];
    }
}
