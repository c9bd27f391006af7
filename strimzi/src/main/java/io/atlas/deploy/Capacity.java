package io.atlas.deploy;

/**
 * How a node is bought: on-demand, or spot (cheaper, reclaimable at two minutes' notice). Every node carries it as
 * the label {@value #LABEL}; spot nodes are also tainted with it, so only pods that accept a reclaim land there.
 */
public enum Capacity {
    ON_DEMAND("on-demand", false),
    SPOT("spot", true);

    public static final String LABEL = "atlas.io/capacity-type";

    private final String value;
    private final boolean tainted;

    Capacity(String value, boolean tainted) {
        this.value = value;
        this.tainted = tainted;
    }

    /** The label (and taint) value. */
    public String value() {
        return value;
    }

    /** Whether nodes of this capacity carry the {@code NoSchedule} taint {@value #LABEL}={@link #value()}. */
    public boolean tainted() {
        return tainted;
    }
}
