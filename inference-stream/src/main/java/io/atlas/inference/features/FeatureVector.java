package io.atlas.inference.features;

import java.util.List;

/**
 * The names and order of the features every model is trained on and scored with; a release whose feature list
 * differs is refused by the scorer.
 *
 * <p>The names are declared in ascending alphabetical order on purpose: Tribuo's {@code ArrayExample} sorts its
 * features by name, and already-sorted names keep that sort a single cheap pass on the hot path.
 */
public final class FeatureVector {

    public static final int EWMA_VOLATILITY_TICKS = 0;
    public static final int IMBALANCE = 1;
    public static final int LOG_TICK_RATE = 2;
    public static final int MID_CHANGE_01 = 3;
    public static final int MID_CHANGE_05 = 4;
    public static final int MID_CHANGE_20 = 5;
    public static final int SPREAD_TICKS = 6;
    public static final int TRADE_FLOW_IMBALANCE = 7;
    public static final int VWAP_DISTANCE_TICKS = 8;

    /** Feature names, index-aligned with the constants above. */
    public static final List<String> NAMES = List.of(
            "ewma_volatility_ticks",
            "imbalance",
            "log_tick_rate",
            "mid_change_01",
            "mid_change_05",
            "mid_change_20",
            "spread_ticks",
            "trade_flow_imbalance",
            "vwap_distance_ticks");

    public static final int SIZE = NAMES.size();

    private FeatureVector() {
    }

    /** A fresh copy of {@link #NAMES} as an array, for APIs that want one. */
    public static String[] namesArray() {
        return NAMES.toArray(new String[0]);
    }
}
