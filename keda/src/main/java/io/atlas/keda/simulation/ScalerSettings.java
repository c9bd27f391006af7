package io.atlas.keda.simulation;

/**
 * The settings the simulation varies: replica bounds, the lag target, the HPA behaviour and how quickly a new
 * replica starts consuming.
 *
 * @param minReplicas the application's minimum replicas
 * @param maxReplicas the application's maximum replicas (the partitions)
 * @param spotAboveMinimum the minimum is a fixed on-demand Deployment and KEDA scales a second (spot) Deployment
 *     from 0 to {@code max - min} on the lag beyond what the minimum drains; otherwise KEDA scales the one
 *     Deployment between min and max
 * @param lagThreshold KEDA's {@code lagThreshold}: target lag per replica
 * @param upPercent scale-up policy: at most this percent more per period
 * @param upPods scale-up policy: at most this many more pods per period (the larger of the two applies)
 * @param downPercent scale-down policy percent per period
 * @param downPods scale-down policy pods per period
 * @param periodSeconds the policies' period
 * @param downStabilizationSeconds scale-down uses the highest recommendation of this window; a Deployment scaled
 *     from zero returns to zero this long after its last active poll (KEDA's {@code cooldownPeriod})
 * @param pollingSeconds how often the metric is read and the HPA acts (KEDA polling and HPA sync, aligned)
 * @param startupSeconds from a scale-up decision until the new replica consumes (pod start, JVM, group join)
 */
public record ScalerSettings(int minReplicas, int maxReplicas, boolean spotAboveMinimum, long lagThreshold,
        int upPercent, int upPods, int downPercent, int downPods, int periodSeconds, int downStabilizationSeconds,
        int pollingSeconds, int startupSeconds) {

    /** HPA's default tolerance: no change while the metric is within 10% of its target. */
    public static final double TOLERANCE = 0.1;

    /** Replicas the scaler does not manage: the on-demand minimum when the rest run on spot. */
    public int baseReplicas() {
        return spotAboveMinimum ? minReplicas : 0;
    }

    /** KEDA's {@code minReplicaCount} of the Deployment it scales. */
    public int scaledMin() {
        return minReplicas - baseReplicas();
    }

    /** KEDA's {@code maxReplicaCount} of the Deployment it scales. */
    public int scaledMax() {
        return maxReplicas - baseReplicas();
    }

    public ScalerSettings withMinReplicas(int min) {
        return new ScalerSettings(min, maxReplicas, spotAboveMinimum, lagThreshold, upPercent, upPods, downPercent,
                downPods, periodSeconds, downStabilizationSeconds, pollingSeconds, startupSeconds);
    }

    public ScalerSettings withLagThreshold(long threshold) {
        return new ScalerSettings(minReplicas, maxReplicas, spotAboveMinimum, threshold, upPercent, upPods,
                downPercent, downPods, periodSeconds, downStabilizationSeconds, pollingSeconds, startupSeconds);
    }

    public ScalerSettings withUpPods(int pods) {
        return new ScalerSettings(minReplicas, maxReplicas, spotAboveMinimum, lagThreshold, upPercent, pods,
                downPercent, downPods, periodSeconds, downStabilizationSeconds, pollingSeconds, startupSeconds);
    }

    public ScalerSettings withSpotAboveMinimum(boolean spot) {
        return new ScalerSettings(minReplicas, maxReplicas, spot, lagThreshold, upPercent, upPods, downPercent,
                downPods, periodSeconds, downStabilizationSeconds, pollingSeconds, startupSeconds);
    }
}
