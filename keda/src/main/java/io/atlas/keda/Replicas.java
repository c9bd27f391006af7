package io.atlas.keda;

import io.atlas.catalog.Application;
import io.atlas.catalog.Application.Scaling;
import io.atlas.catalog.Applications;
import java.util.Set;

/**
 * How many replicas an application may run, and on what capacity: fixed ones exactly their count; scaled ones at
 * least one per zone and at most what their input allows (a consumer group cannot use more members than the topic has
 * partitions).
 *
 * <p>The scorer and the gateway run their minimum on on-demand nodes and the replicas above it on spot nodes, as two
 * Deployments: one fixed at the minimum ({@code Placement.ON_DEMAND}), one that KEDA scales from zero
 * ({@code Placement.SPOT}). A spot reclaim then only takes replicas above the minimum, and a Deployment cannot say
 * "the first three pods here, the rest there". The bridge stays wholly on on-demand: it is the one exactly-once
 * writer every tick passes through.
 *
 * @param spotAboveMinimum the replicas above {@code min} run in a second, spot Deployment
 */
public record Replicas(int min, int max, boolean spotAboveMinimum) {

    /** One replica per zone, so a zone outage leaves two serving and a PodDisruptionBudget of 2 can hold. */
    public static final int MIN_SCALED = 3;

    /** Every gateway replica reads all prediction partitions, so brokers pay per replica: a bounded fleet. */
    public static final int GATEWAY_MAX = 24;

    /** The applications whose replicas above the minimum may be reclaimed with spot nodes. */
    static final Set<Application> SPOT_TOLERANT = Set.of(Applications.INFERENCE_STREAM, Applications.WS_GATEWAY);

    public static Replicas of(Application application) {
        boolean spot = SPOT_TOLERANT.contains(application);
        if (application.scaling() instanceof Scaling.Fixed fixed) {
            return new Replicas(fixed.replicas(), fixed.replicas(), false);
        } else if (application.scaling() instanceof Scaling.ConsumerLag lag) {
            return new Replicas(MIN_SCALED, lag.topic().partitions(), spot);
        }
        return new Replicas(MIN_SCALED, GATEWAY_MAX, spot);
    }

    public boolean scaled() {
        return max > min;
    }

    /** Replicas outside the scaler: the on-demand minimum when the rest run on spot, else none. */
    public int baseline() {
        return spotAboveMinimum ? min : 0;
    }

    /** KEDA's {@code minReplicaCount} for the Deployment it scales. */
    public int scaledMin() {
        return min - baseline();
    }

    /** KEDA's {@code maxReplicaCount} for the Deployment it scales. */
    public int scaledMax() {
        return max - baseline();
    }
}
