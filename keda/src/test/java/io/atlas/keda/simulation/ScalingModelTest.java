package io.atlas.keda.simulation;

import static org.assertj.core.api.Assertions.assertThat;

import io.atlas.catalog.Applications;
import io.atlas.keda.Throughput;
import java.util.List;
import org.junit.jupiter.api.Test;

class ScalingModelTest {

    static final double PER_REPLICA = 5_000;
    // The rendered behaviour, with the lag target a replica of PER_REPLICA gets: the model's rules, whatever the
    // measured throughput of today's bridge.
    static final ScalerSettings RENDERED = SimulateScaling.rendered(Applications.INGEST_BRIDGE)
            .withLagThreshold((long) PER_REPLICA * Throughput.LAG_SECONDS_PER_REPLICA);

    @Test
    void shouldStayAtTheMinimumWithoutLagUnderASteadyLoadItCarries() {
        ScalingModel.Run run = ScalingModel.run(LoadProfile.steady(10_000, 1800), RENDERED, PER_REPLICA);

        assertThat(run.maxLag()).isZero();
        assertThat(run.steps()).allSatisfy(step -> assertThat(step.replicas()).isEqualTo(RENDERED.minReplicas()));
    }

    @Test
    void shouldNeverScaleBeyondThePartitions() {
        ScalingModel.Run run = ScalingModel.run(LoadProfile.steady(200_000, 1800), RENDERED, PER_REPLICA);

        assertThat(run.maxReplicas()).isEqualTo(RENDERED.maxReplicas());
    }

    @Test
    void shouldAddAtMostTheLargerOfFiftyPercentAndTwoPodsPerMinute() {
        List<ScalingModel.Step> steps = ScalingModel.run(LoadProfile.steady(200_000, 1800), RENDERED, PER_REPLICA)
                .steps();

        for (int t = 0; t + 60 < steps.size(); t++) {
            int before = steps.get(t).replicas();
            int after = steps.get(t + 59).replicas();
            assertThat(after).as("second %d", t).isLessThanOrEqualTo(Math.max((int) Math.ceil(before * 1.5),
                    before + 2));
        }
    }

    @Test
    void shouldWaitTenMinutesOfLowerDemandBeforeScalingDown() {
        ScalingModel.Run run = ScalingModel.run(SimulateScaling.tenTimesBurst(5_000), RENDERED, PER_REPLICA);
        int peak = run.maxReplicas();
        int lastPeakRecommendation = run.steps().stream().filter(step -> step.recommended() >= peak)
                .mapToInt(ScalingModel.Step::second).max().orElseThrow();
        int firstDown = run.steps().stream().filter(step -> step.second() > lastPeakRecommendation
                && step.replicas() < peak).mapToInt(ScalingModel.Step::second).min().orElseThrow();

        assertThat(firstDown - lastPeakRecommendation).isGreaterThanOrEqualTo(600 - RENDERED.pollingSeconds());
        assertThat(peak).isGreaterThan(RENDERED.minReplicas());
    }

    @Test
    void shouldRemoveAtMostOnePodPerMinuteWhenScalingDown() {
        List<ScalingModel.Step> steps = ScalingModel.run(SimulateScaling.tenTimesBurst(5_000), RENDERED, PER_REPLICA)
                .steps();

        for (int t = 0; t + 60 < steps.size(); t++) {
            assertThat(steps.get(t).replicas() - steps.get(t + 59).replicas()).isLessThanOrEqualTo(1);
        }
    }

    @Test
    void shouldFindSettingsThatDrainATenfoldBurstWithinAMinute() {
        ScalingModel.Run best = SimulateScaling.cheapestMeetingGoal(RENDERED, 5_000, PER_REPLICA);

        assertThat(best).isNotNull();
        assertThat(best.secondsToDrain()).isBetween(0, SimulateScaling.DRAIN_GOAL_SECONDS);
        assertThat(best.maxReplicas()).isLessThanOrEqualTo(RENDERED.maxReplicas());
    }

    @Test
    void shouldReportABurstBeyondMaximumCapacityAsNeverMeetingTheGoal() {
        assertThat(SimulateScaling.cheapestMeetingGoal(RENDERED, 50_000, PER_REPLICA)).isNull();
    }

    @Test
    void shouldLeaveTheSpotDeploymentAtZeroWhileTheMinimumDrainsTheLoad() {
        ScalerSettings split = RENDERED.withSpotAboveMinimum(true);
        ScalingModel.Run run = ScalingModel.run(LoadProfile.steady(10_000, 1800), split, PER_REPLICA);

        assertThat(run.maxLag()).isZero();
        assertThat(run.steps()).allSatisfy(step -> assertThat(step.replicas()).isEqualTo(split.minReplicas()));
    }

    @Test
    void shouldAddSpotReplicasOnABurstAndReturnToTheMinimumAfterTheCooldown() {
        ScalerSettings split = RENDERED.withSpotAboveMinimum(true);
        ScalingModel.Run run = ScalingModel.run(SimulateScaling.tenTimesBurst(5_000), split, PER_REPLICA);

        assertThat(run.maxReplicas()).isGreaterThan(split.minReplicas()).isLessThanOrEqualTo(split.maxReplicas());
        assertThat(run.secondsToDrain()).isPositive();
        assertThat(run.steps().get(run.steps().size() - 1).replicas()).isEqualTo(split.minReplicas());
        assertThat(run.steps()).allSatisfy(step -> assertThat(step.replicas()).isGreaterThanOrEqualTo(
                split.minReplicas()));
    }

    @Test
    void shouldCountTheScalingPoliciesOnTheSpotReplicasOnly() {
        ScalerSettings split = RENDERED.withSpotAboveMinimum(true);
        List<ScalingModel.Step> steps = ScalingModel.run(LoadProfile.steady(200_000, 1800), split, PER_REPLICA)
                .steps();

        for (int t = 0; t + 60 < steps.size(); t++) {
            int before = steps.get(t).replicas() - split.baseReplicas();
            int after = steps.get(t + 59).replicas() - split.baseReplicas();
            // From zero, KEDA's activation adds the first replica outside the HPA's policies.
            assertThat(after).as("second %d", t).isLessThanOrEqualTo(Math.max((int) Math.ceil(before * 1.5),
                    before + 2) + (before == 0 ? 1 : 0));
        }
        assertThat(steps.get(steps.size() - 1).replicas()).isEqualTo(split.maxReplicas());
    }
}
