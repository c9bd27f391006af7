package io.atlas.inference.features;

import io.atlas.events.MoveDirection;

/**
 * Names the move of a mid price between two ticks: the label training learns and the outcome live evaluation
 * records, computed by this one method so both agree.
 */
public final class MoveLabel {

    /** Relative change below which two mids count as equal (floating-point noise, far below any tick size). */
    private static final double EPSILON = 1e-9;

    private MoveLabel() {
    }

    public static MoveDirection between(double midBefore, double midAfter) {
        double delta = midAfter - midBefore;
        if (Math.abs(delta) <= EPSILON * Math.max(1.0, Math.abs(midBefore))) {
            return MoveDirection.FLAT;
        }
        return delta > 0 ? MoveDirection.UP : MoveDirection.DOWN;
    }
}
