package io.atlas.deploy;

/**
 * What a node is for: compute (the applications, the tracing path) or data (Kafka, PostgreSQL, Redis, on larger
 * disks and memory). Every node carries it as the label {@value #LABEL}; data nodes are also tainted with it, so
 * compute pods never take the room the stateful pieces were sized for.
 */
public enum NodeRole {
    COMPUTE("compute", false),
    DATA("data", true);

    public static final String LABEL = "atlas.io/node-role";

    private final String value;
    private final boolean tainted;

    NodeRole(String value, boolean tainted) {
        this.value = value;
        this.tainted = tainted;
    }

    /** The label (and taint) value. */
    public String value() {
        return value;
    }

    /** Whether nodes of this role carry the {@code NoSchedule} taint {@value #LABEL}={@link #value()}. */
    public boolean tainted() {
        return tainted;
    }
}
