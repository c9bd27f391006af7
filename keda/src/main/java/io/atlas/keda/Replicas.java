package io.atlas.keda;

import io.atlas.catalog.Application;
import io.atlas.catalog.Application.Scaling;

/**
 * How many replicas an application may run: fixed ones exactly their count; scaled ones at least one per zone and
 * at most what their input allows (a consumer group cannot use more members than the topic has partitions).
 */
public record Replicas(int min, int max) {

    /** One replica per zone, so a zone outage leaves two serving and a PodDisruptionBudget of 2 can hold. */
    public static final int MIN_SCALED = 3;

    /** Every gateway replica reads all prediction partitions, so brokers pay per replica: a bounded fleet. */
    public static final int GATEWAY_MAX = 24;

    public static Replicas of(Application application) {
        if (application.scaling() instanceof Scaling.Fixed fixed) {
            return new Replicas(fixed.replicas(), fixed.replicas());
        } else if (application.scaling() instanceof Scaling.ConsumerLag lag) {
            return new Replicas(MIN_SCALED, lag.topic().partitions());
        }
        return new Replicas(MIN_SCALED, GATEWAY_MAX);
    }

    public boolean scaled() {
        return max > min;
    }
}
