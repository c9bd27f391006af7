package io.atlas.inference.train;

import io.atlas.events.MoveDirection;

/**
 * One training example: the features of a tick, the move of its symbol's mid over the horizon and the tick's
 * order-book imbalance (kept apart to compute the best achievable AUC of the planted signal).
 *
 * @param order position of the tick in the input, for the time-ordered train/test split
 */
public record LabeledRow(String symbol, long order, double[] features, MoveDirection label, double imbalance) {
}
