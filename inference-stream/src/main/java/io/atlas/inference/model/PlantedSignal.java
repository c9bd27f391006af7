package io.atlas.inference.model;

import io.atlas.events.MoveDirection;

/**
 * The simulator's planted signal, the contract ingest's {@code MarketModel} generates ticks by: at a symbol's next
 * tick its mid moves with probability m (the move probability) and the move is UP with probability σ(k·I), where I
 * is the order-book imbalance of the tick before (the {@code imbalance} feature) and k the signal strength; nothing
 * else carries information about it. So, knowing k and m, the best anyone can say one tick ahead of a tick of
 * imbalance I is P(UP) = m·σ(kI), P(DOWN) = m·(1 − σ(kI)), P(FLAT) = 1 − m: the known optimum, against which training
 * (the best achievable AUC) and live evaluation (its hit and log-loss on each outcome) measure models.
 */
public final class PlantedSignal {

    private final double strength;
    private final double moveProbability;
    /** k·|I| up to which FLAT is at least as likely as the likelier move: with m ≤ ½, always. */
    private final double flatUpTo;

    /**
     * @param strength        k, finite and ≥ 0 (0: no signal)
     * @param moveProbability m, within (0, 1]
     * @throws IllegalArgumentException naming the parameter when either is out of range
     */
    public PlantedSignal(double strength, double moveProbability) {
        if (!Double.isFinite(strength) || strength < 0) {
            throw new IllegalArgumentException("signal strength must be finite and >= 0, got " + strength);
        }
        if (!(moveProbability > 0 && moveProbability <= 1)) {
            throw new IllegalArgumentException("move probability must be within (0, 1], got " + moveProbability);
        }
        this.strength = strength;
        this.moveProbability = moveProbability;
        // FLAT wins while 1 − m ≥ m·σ(k|I|), i.e. k|I| ≤ logit((1 − m)/m) = ln((1 − m)/(2m − 1)) when m > ½.
        this.flatUpTo = moveProbability <= 0.5 ? Double.POSITIVE_INFINITY
                : Math.log((1 - moveProbability) / (2 * moveProbability - 1));
    }

    /** σ(k·I): the probability that a move after a tick of imbalance {@code imbalance} goes UP. */
    public static double upGivenMove(double strength, double imbalance) {
        return 1 / (1 + Math.exp(-strength * imbalance));
    }

    public double strength() {
        return strength;
    }

    public double moveProbability() {
        return moveProbability;
    }

    /** The optimum's probability of {@code direction} at the tick after one of imbalance {@code imbalance}. */
    public double probability(MoveDirection direction, double imbalance) {
        return switch (direction) {
            case FLAT -> 1 - moveProbability;
            case UP -> moveProbability * upGivenMove(strength, imbalance);
            case DOWN -> moveProbability * upGivenMove(strength, -imbalance);
        };
    }

    /**
     * The optimum's prediction: its most likely move. A tie between FLAT and a move goes to FLAT, one between UP and
     * DOWN (k·I = 0) to UP, so the call is deterministic.
     */
    public MoveDirection mostLikely(double imbalance) {
        if (strength * Math.abs(imbalance) <= flatUpTo) {
            return MoveDirection.FLAT;
        }
        return strength * imbalance >= 0 ? MoveDirection.UP : MoveDirection.DOWN;
    }

    @Override
    public String toString() {
        return "planted signal k = " + strength + ", move probability " + moveProbability;
    }
}
