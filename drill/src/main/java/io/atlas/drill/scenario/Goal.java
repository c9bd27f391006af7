package io.atlas.drill.scenario;

/**
 * A scenario's goal, from the issue that asked for the drills: nothing lost, no duplicate prediction under
 * exactly_once_v2, predictions flowing again within {@code flowingAgainSeconds} of each event, every resuming client
 * gap-free.
 */
public record Goal(double flowingAgainSeconds, String text) {

    /** A broker's return during a rolling restart. */
    public static final Goal BROKER = new Goal(10, "0 lost, 0 duplicate predictions (exactly_once_v2), "
            + "predictions flowing within 10 s of each broker's return");

    /** A service's restart after kill -9. */
    public static final Goal SERVICE = new Goal(30, "0 lost, 0 duplicate predictions (exactly_once_v2), "
            + "predictions flowing within 30 s of the restart, every resuming client gap-free");

    /** Steady state: the control. */
    public static final Goal STEADY = new Goal(10, "0 lost, 0 duplicates: the control");
}
