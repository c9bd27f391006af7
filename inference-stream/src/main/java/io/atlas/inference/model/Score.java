package io.atlas.inference.model;

import io.atlas.events.MoveDirection;

/**
 * What a model says about one feature vector: the most likely move and the probability of each move.
 */
public record Score(MoveDirection predicted, double pDown, double pFlat, double pUp) {

    /** The probability given to {@code direction}. */
    public double probabilityOf(MoveDirection direction) {
        return switch (direction) {
            case DOWN -> pDown;
            case FLAT -> pFlat;
            case UP -> pUp;
        };
    }
}
