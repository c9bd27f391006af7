package io.atlas.keda.simulation;

/**
 * The settings the simulation varies: replica bounds, the lag target, the HPA behaviour and how quickly a new
 * replica starts consuming.
 *
 * @param minReplicas KEDA's {@code minReplicaCount}
 * @param maxReplicas KEDA's {@code maxReplicaCount} (the partitions)
 * @param lagThreshold KEDA's {@code lagThreshold}: target lag per replica
 * @param upPercent scale-up policy: at most this percent more per period
 * @param upPods scale-up policy: at most this many more pods per period (the larger of the two applies)
 * @param downPercent scale-down policy percent per period
 * @param downPods scale-down policy pods per period
 * @param periodSeconds the policies' period
 * @param downStabilizationSeconds scale-down uses the highest recommendation of this window
 * @param pollingSeconds how often the metric is read and the HPA acts (KEDA polling and HPA sync, aligned)
 * @param startupSeconds from a scale-up decision until the new replica consumes (pod start, JVM, group join)
 */
public record ScalerSettings(int minReplicas, int maxReplicas, long lagThreshold, int upPercent, int upPods,
        int downPercent, int downPods, int periodSeconds, int downStabilizationSeconds, int pollingSeconds,
        int startupSeconds) {

    /** HPA's default tolerance: no change while the metric is within 10% of its target. */
    public static final double TOLERANCE = 0.1;

    public ScalerSettings withMinReplicas(int min) {
        return new ScalerSettings(min, maxReplicas, lagThreshold, upPercent, upPods, downPercent, downPods,
                periodSeconds, downStabilizationSeconds, pollingSeconds, startupSeconds);
    }

    public ScalerSettings withLagThreshold(long threshold) {
        return new ScalerSettings(minReplicas, maxReplicas, threshold, upPercent, upPods, downPercent, downPods,
                periodSeconds, downStabilizationSeconds, pollingSeconds, startupSeconds);
    }

    public ScalerSettings withUpPods(int pods) {
        return new ScalerSettings(minReplicas, maxReplicas, lagThreshold, upPercent, pods, downPercent, downPods,
                periodSeconds, downStabilizationSeconds, pollingSeconds, startupSeconds);
    }
}
