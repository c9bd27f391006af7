package io.atlas.inference.train;

import io.atlas.events.MarketTick;
import io.atlas.events.MoveDirection;
import io.atlas.inference.features.FeatureExtractor;
import io.atlas.inference.features.FeatureVector;
import io.atlas.inference.features.MoveLabel;
import io.atlas.inference.features.SymbolFeatures;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/**
 * Turns a tick sequence into labelled feature rows with the stream's own {@link FeatureExtractor}: reads ticks in
 * input order (per symbol they must be in sequence order, as on a symbol-keyed partition), labels each tick with
 * {@link MoveLabel} of its mid against the mid {@code horizon} ticks later, and drops the last {@code horizon}
 * ticks of each symbol, whose label is not known yet.
 */
public final class LabeledRows {

    private final int horizon;
    private final ToDoubleFunction<String> tickSizes;
    private final Map<String, SymbolFeatures> states = new HashMap<>();
    private final Map<String, ArrayDeque<Pending>> pending = new HashMap<>();
    private final List<LabeledRow> rows = new ArrayList<>();
    private long order;
    private long skipped;

    /**
     * @param horizon   ticks ahead the label looks
     * @param tickSizes the tick size of each symbol, as the instruments topic states it
     */
    public LabeledRows(int horizon, ToDoubleFunction<String> tickSizes) {
        if (horizon < 1) {
            throw new IllegalArgumentException("horizon must be at least 1 tick, got " + horizon);
        }
        this.horizon = horizon;
        this.tickSizes = tickSizes;
    }

    public void add(MarketTick tick) {
        String symbol = tick.getSymbol();
        SymbolFeatures state = states.computeIfAbsent(symbol, s -> new SymbolFeatures());
        double[] features = new double[FeatureVector.SIZE];
        if (!FeatureExtractor.update(state, tick, tickSizes.applyAsDouble(symbol), features)) {
            skipped++;
            return;
        }
        double mid = state.lastMid();
        ArrayDeque<Pending> queue = pending.computeIfAbsent(symbol, s -> new ArrayDeque<>());
        queue.addLast(new Pending(order++, features, mid));
        if (queue.size() > horizon) {
            Pending due = queue.removeFirst();
            MoveDirection label = MoveLabel.between(due.mid, mid);
            rows.add(new LabeledRow(symbol, due.order, due.features, label, due.features[FeatureVector.IMBALANCE]));
        }
    }

    /** The labelled rows, in input order of their ticks. */
    public List<LabeledRow> rows() {
        List<LabeledRow> sorted = new ArrayList<>(rows);
        sorted.sort(Comparator.comparingLong(LabeledRow::order));
        return sorted;
    }

    /** Ticks ignored because they were not newer than their symbol's previous tick. */
    public long skipped() {
        return skipped;
    }

    private record Pending(long order, double[] features, double mid) {
    }
}
