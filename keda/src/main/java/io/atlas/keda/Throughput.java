package io.atlas.keda;

import io.atlas.catalog.Application;
import io.atlas.catalog.Applications;

/**
 * Per-replica capacity figures the scalers are derived from, and the derivations.
 *
 * <p>PLACEHOLDERS until the benchmarks land: each {@code MEASURED_*} figure must be replaced by the sustained
 * per-replica rate measured in {@code perf/} on the production instance size (with the Deployment's CPU limit),
 * and the README's scaling section updated. They are deliberately conservative guesses, named as such.
 */
public final class Throughput {

    /** PLACEHOLDER: ticks/s one bridge replica validates and re-publishes transactionally (perf/ ingest bench). */
    public static final int MEASURED_BRIDGE_TICKS_PER_SECOND_PER_REPLICA = 5_000;

    /** PLACEHOLDER: ticks/s one inference-stream replica scores with exactly-once (perf/ inference bench). */
    public static final int MEASURED_INFERENCE_TICKS_PER_SECOND_PER_REPLICA = 2_000;

    /** PLACEHOLDER: WebSocket connections one gateway replica serves within its latency target (perf/ gateway). */
    public static final int MEASURED_CONNECTIONS_PER_REPLICA = 5_000;

    /**
     * Seconds of a replica's work the lag target allows: at {@code lagThreshold = rate × this} each replica holds at
     * most this many seconds of backlog, so a burst is drained in about this time once the replicas are up.
     */
    public static final int LAG_SECONDS_PER_REPLICA = 10;

    /** The lag below which a scaled-to-zero group stays at zero: one second of one replica's work. */
    public static final int ACTIVATION_SECONDS = 1;

    /** Share of measured connection capacity the gateway runs at, leaving room for a reconnect storm. */
    public static final double CONNECTION_HEADROOM = 0.7;

    private Throughput() {
    }

    /** Ticks/s one replica of {@code application} sustains. */
    public static int ticksPerSecondPerReplica(Application application) {
        if (application == Applications.INGEST_BRIDGE) {
            return MEASURED_BRIDGE_TICKS_PER_SECOND_PER_REPLICA;
        } else if (application == Applications.INFERENCE_STREAM) {
            return MEASURED_INFERENCE_TICKS_PER_SECOND_PER_REPLICA;
        }
        throw new IllegalArgumentException(application + " is not scaled on lag: no throughput figure");
    }

    /** KEDA's {@code lagThreshold}: the lag per replica the HPA aims for. */
    public static long lagThreshold(Application application) {
        return (long) ticksPerSecondPerReplica(application) * LAG_SECONDS_PER_REPLICA;
    }

    public static long activationLagThreshold(Application application) {
        return (long) ticksPerSecondPerReplica(application) * ACTIVATION_SECONDS;
    }

    /** The Prometheus trigger's threshold: connections per gateway pod. */
    public static long connectionsPerPod() {
        return (long) Math.floor(MEASURED_CONNECTIONS_PER_REPLICA * CONNECTION_HEADROOM);
    }
}
