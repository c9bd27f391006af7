package io.atlas.keda.simulation;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * A second-by-second model of a lag-scaled consumer group under KEDA's Kafka scaler and the HPA.
 *
 * <p>Each poll, the scaler reports the group's total lag; the HPA's recommendation is
 * {@code ceil(lag / lagThreshold)} (an {@code AverageValue} target), kept within 10% tolerance, clamped to
 * [min, max]. Scale-up is limited per period by the larger of the percent and pods policies counted from the
 * replicas at the start of the period; scale-down takes the highest recommendation of the stabilisation window and
 * is limited the same way. A replica starts consuming {@code startupSeconds} after it was added and drains at most
 * {@code perReplica} records per second; members beyond the partitions would idle, so capacity counts at most
 * {@code maxReplicas} of them.
 *
 * <p>With {@link ScalerSettings#spotAboveMinimum()} the minimum is a fixed on-demand Deployment that always
 * consumes, and the scaler drives a second Deployment on the lag beyond what the minimum drains
 * ({@code scalingModifiers}: {@code lag - min x lagThreshold}, at least 0): KEDA activates it from zero replicas
 * when that is positive, the HPA's policies count its own replicas, and KEDA returns it to zero a cooldown after its
 * last active poll. Reported replicas are always the application's total.
 */
public final class ScalingModel {

    /** One simulated second. */
    public record Step(int second, double arrivals, double lag, int replicas, int consuming, int recommended) {
    }

    /** The outcome of a run. */
    public record Run(LoadProfile profile, ScalerSettings settings, List<Step> steps) {

        public double maxLag() {
            return steps.stream().mapToDouble(Step::lag).max().orElse(0);
        }

        public int maxReplicas() {
            return steps.stream().mapToInt(Step::replicas).max().orElse(0);
        }

        public double averageReplicas() {
            return steps.stream().mapToInt(Step::replicas).average().orElse(0);
        }

        /** Seconds from the burst's start until the lag is back under one second of arrivals, or -1 if never. */
        public int secondsToDrain() {
            int start = profile.burstStart();
            if (start < 0) {
                return -1;
            }
            boolean built = false;
            for (Step step : steps) {
                if (step.second() < start) {
                    continue;
                }
                built |= step.lag() > step.arrivals();
                if (built && step.lag() <= step.arrivals()) {
                    return step.second() - start;
                }
                if (!built && step.second() > start + 1) {
                    return 0;
                }
            }
            return -1;
        }
    }

    private ScalingModel() {
    }

    public static Run run(LoadProfile profile, ScalerSettings settings, double perReplica) {
        List<Step> steps = new ArrayList<>();
        Deque<int[]> recommendations = new ArrayDeque<>();
        Deque<int[]> changes = new ArrayDeque<>();
        Deque<Integer> startingAt = new ArrayDeque<>();
        int base = settings.baseReplicas();
        // Replicas of the Deployment the scaler drives (the only one without a fixed minimum on spot).
        int replicas = settings.scaledMin();
        int consuming = replicas;
        double lag = 0;
        int recommended = replicas;
        int lastActive = 0;
        for (int t = 0; t < profile.seconds(); t++) {
            while (!startingAt.isEmpty() && startingAt.peek() <= t) {
                startingAt.poll();
                consuming++;
            }
            double arrivals = profile.rate().applyAsDouble(t);
            double capacity = Math.min(base + consuming, settings.maxReplicas()) * perReplica;
            lag = Math.max(0, lag + arrivals - capacity);
            if (t % settings.pollingSeconds() == 0) {
                double metric = Math.max(0, lag - (double) base * settings.lagThreshold());
                if (metric > 0) {
                    lastActive = t;
                }
                int target = recommend(metric, replicas, settings);
                recommended = target;
                recommendations.addLast(new int[] {t, target});
                while (recommendations.peekFirst()[0] <= t - settings.downStabilizationSeconds()) {
                    recommendations.pollFirst();
                }
                while (!changes.isEmpty() && changes.peekFirst()[0] <= t - settings.periodSeconds()) {
                    changes.pollFirst();
                }
                int next = replicas;
                if (replicas == 0) {
                    // KEDA, not the HPA, takes a Deployment out of zero, to at least one replica.
                    next = metric > 0 ? Math.max(1, target) : 0;
                } else if (settings.scaledMin() == 0 && metric == 0
                        && t - lastActive >= settings.downStabilizationSeconds()) {
                    next = 0;
                } else {
                    int changedInPeriod = changes.stream().mapToInt(change -> change[1]).sum();
                    int periodStart = replicas - changedInPeriod;
                    if (target > replicas) {
                        int byPercent = (int) Math.ceil(periodStart * (1 + settings.upPercent() / 100.0));
                        int byPods = periodStart + settings.upPods();
                        next = Math.min(target, Math.max(byPercent, byPods));
                    } else {
                        int stabilized = recommendations.stream().mapToInt(r -> r[1]).max().orElse(target);
                        if (stabilized < replicas) {
                            int byPercent = (int) Math.ceil(periodStart * (1 - settings.downPercent() / 100.0));
                            int byPods = periodStart - settings.downPods();
                            next = Math.max(stabilized, Math.min(byPercent, byPods));
                        }
                    }
                    // While active the HPA keeps at least one replica; zero is KEDA's decision above.
                    next = Math.max(Math.max(1, settings.scaledMin()), Math.min(settings.scaledMax(), next));
                }
                if (next != replicas) {
                    changes.addLast(new int[] {t, next - replicas});
                    if (next > replicas) {
                        for (int i = replicas; i < next; i++) {
                            startingAt.addLast(t + settings.startupSeconds());
                        }
                    } else {
                        int removed = replicas - next;
                        // Pods still starting are removed first; then consuming ones stop at once.
                        while (removed > 0 && !startingAt.isEmpty()) {
                            startingAt.pollLast();
                            removed--;
                        }
                        consuming -= removed;
                    }
                    replicas = next;
                }
            }
            steps.add(new Step(t, arrivals, lag, base + replicas, base + consuming, base + recommended));
        }
        return new Run(profile, settings, steps);
    }

    /** The HPA recommendation for an {@code AverageValue} target of {@code lagThreshold} per scaled replica. */
    static int recommend(double metric, int replicas, ScalerSettings settings) {
        if (replicas > 0) {
            double ratio = metric / ((double) settings.lagThreshold() * replicas);
            if (Math.abs(ratio - 1) <= ScalerSettings.TOLERANCE) {
                return replicas;
            }
        }
        return (int) Math.max(settings.scaledMin(), Math.ceil(metric / settings.lagThreshold()));
    }
}
