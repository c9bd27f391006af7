package io.atlas.inference.stream;

import io.atlas.events.Prediction;
import io.atlas.inference.features.SymbolFeatures;

import java.util.ArrayList;
import java.util.List;

/**
 * Everything the scorer keeps per symbol in its changelogged store: the rolling feature state and the predictions
 * still waiting for their horizon to pass, each with the count of accepted ticks at which it is judged.
 */
final class SymbolState {

    final SymbolFeatures features;
    final List<Pending> pending;

    SymbolState() {
        this(new SymbolFeatures(), new ArrayList<>());
    }

    SymbolState(SymbolFeatures features, List<Pending> pending) {
        this.features = features;
        this.pending = pending;
    }

    /**
     * A prediction judged when its symbol has accepted {@code dueAt} ticks, with the single-object encoding it was
     * written with ({@code encoded}), so neither the store nor its outcome encodes it again, and the order-book
     * {@code imbalance} of the tick it was made at, which the known optimum's judgement needs. The imbalance is not
     * stored (the store's format predates it): a pending prediction read back from the store has NaN, and is judged
     * without the optimum. Equal when due at the same count for the same prediction.
     */
    record Pending(long dueAt, Prediction prediction, byte[] encoded, double imbalance) {

        /** A pending prediction whose tick's imbalance is unknown, as read back from the store. */
        Pending(long dueAt, Prediction prediction, byte[] encoded) {
            this(dueAt, prediction, encoded, Double.NaN);
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof Pending that && dueAt == that.dueAt && prediction.equals(that.prediction);
        }

        @Override
        public int hashCode() {
            return Long.hashCode(dueAt) * 31 + prediction.hashCode();
        }
    }
}
