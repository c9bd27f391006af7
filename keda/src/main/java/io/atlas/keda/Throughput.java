package io.atlas.keda;

import io.atlas.catalog.Application;
import io.atlas.catalog.Applications;

/**
 * Per-replica capacity figures the scalers are derived from, and the derivations.
 *
 * <p>Each {@code MEASURED_*} figure is the sustained per-replica rate a {@code perf/} benchmark measured on the
 * development machine (2 cores shared by the broker, the other services and the clients): a floor, not the
 * production instance's capacity. Re-measure on the Deployment's CPU limit and re-render when it changes.
 */
public final class Throughput {

    /**
     * Ticks/s one bridge replica validates and re-publishes transactionally: {@code BridgeBenchmark} measured 39,685
     * at 2,000 records per transaction (77,441 at 10,000); the smaller transactions of a steady stream are used.
     */
    public static final int MEASURED_BRIDGE_TICKS_PER_SECOND_PER_REPLICA = 39_000;

    /**
     * Ticks/s one inference-stream replica scores with exactly_once_v2, one stream thread: the highest rate
     * {@code ./atlas bench} sustained through the whole pipeline with the broker, the simulator, the gateway and a
     * client on the same 2 cores (2026-12-06: 60,000; the replica alone drains a backlog at 161,504).
     */
    public static final int MEASURED_INFERENCE_TICKS_PER_SECOND_PER_REPLICA = 60_000;

    /**
     * WebSocket connections one gateway replica serves with updates flowing freely: {@code ./atlas loadgen} (2026-12-06,
     * 2 cores shared with the broker and the load generator) delivered 130,200 updates/s to 2,000 connections with no
     * gap, p99 933 ms. It held 19,500 at one update a second each, but at p99 2.2 s: not a load to plan on, so this is
     * a floor.
     */
    public static final int MEASURED_CONNECTIONS_PER_REPLICA = 2_000;

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
