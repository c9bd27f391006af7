package io.atlas.keda;

import static org.assertj.core.api.Assertions.assertThat;

import io.atlas.catalog.Application;
import io.atlas.catalog.Applications;
import io.atlas.catalog.Topics;
import io.atlas.deploy.Placement;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class WorkloadResourcesTest {

    @Test
    void shouldHardenEveryContainer() {
        for (Application application : Applications.all()) {
            PodSpec pod = WorkloadResources.deployment(application).getSpec().getTemplate().getSpec();
            Container container = pod.getContainers().get(0);

            assertThat(pod.getSecurityContext().getRunAsNonRoot()).as(application.name()).isTrue();
            assertThat(pod.getSecurityContext().getSeccompProfile().getType()).isEqualTo("RuntimeDefault");
            assertThat(container.getSecurityContext().getReadOnlyRootFilesystem()).isTrue();
            assertThat(container.getSecurityContext().getAllowPrivilegeEscalation()).isFalse();
            assertThat(container.getSecurityContext().getCapabilities().getDrop()).containsExactly("ALL");
            assertThat(container.getResources().getRequests()).containsKeys("cpu", "memory");
            assertThat(container.getResources().getLimits()).containsKeys("cpu", "memory");
        }
    }

    @Test
    void shouldLeaveTheReplicaCountOfScaledApplicationsToTheScaler() {
        assertThat(WorkloadResources.deployment(Applications.INGEST_BRIDGE).getSpec().getReplicas()).isNull();
        assertThat(WorkloadResources.deployment(Applications.INGEST_CDC).getSpec().getReplicas()).isEqualTo(1);
    }

    @Test
    void shouldNeverRunTwoCdcReadersDuringARollout() {
        Deployment cdc = WorkloadResources.deployment(Applications.INGEST_CDC);

        assertThat(cdc.getSpec().getStrategy().getType()).isEqualTo("Recreate");
        assertThat(WorkloadResources.pdb(Applications.INGEST_CDC)).isEmpty();
    }

    @Test
    void shouldKeepTwoReplicasOfEveryScaledApplicationThroughDisruptions() {
        Applications.all().stream().filter(app -> Replicas.of(app).scaled()).forEach(app ->
                assertThat(WorkloadResources.pdb(app)).hasValueSatisfying(pdb ->
                        assertThat(pdb.getSpec().getMinAvailable().getIntVal()).isEqualTo(2)));
    }

    @Test
    void shouldDeriveTheLagThresholdFromPerReplicaThroughput() {
        assertThat(Throughput.lagThreshold(Applications.INGEST_BRIDGE)).isEqualTo(
                (long) Throughput.MEASURED_BRIDGE_TICKS_PER_SECOND_PER_REPLICA * Throughput.LAG_SECONDS_PER_REPLICA);
        assertThat(Replicas.of(Applications.INFERENCE_STREAM).max()).isEqualTo(Topics.TICKS.partitions());
    }

    @Test
    void shouldApplyTheSeedsScalingBehaviour() {
        @SuppressWarnings("unchecked")
        Map<String, Object> down = (Map<String, Object>) ScalerResources.behavior().get("scaleDown");

        assertThat(down).containsEntry("stabilizationWindowSeconds", 600);
        assertThat(ScalerResources.behavior().toString()).contains("type=Percent, value=50, periodSeconds=60")
                .contains("type=Pods, value=2, periodSeconds=60").contains("type=Percent, value=10, periodSeconds=60")
                .contains("type=Pods, value=1, periodSeconds=60");
    }

    @Test
    void shouldRunTheMinimumOnOnDemandAndTheReplicasAboveItOnSpot() {
        for (Application application : List.of(Applications.INFERENCE_STREAM, Applications.WS_GATEWAY)) {
            Deployment minimum = WorkloadResources.deployment(application);
            Deployment spot = WorkloadResources.spotDeployment(application).orElseThrow();

            assertThat(minimum.getSpec().getReplicas()).isEqualTo(Replicas.MIN_SCALED);
            assertThat(minimum.getSpec().getTemplate().getSpec().getAffinity()).isEqualTo(Placement.ON_DEMAND.affinity());
            assertThat(minimum.getSpec().getTemplate().getSpec().getTolerations()).isEmpty();
            assertThat(spot.getSpec().getReplicas()).as("KEDA scales it").isNull();
            assertThat(spot.getSpec().getTemplate().getSpec().getAffinity()).isEqualTo(Placement.SPOT.affinity());
            assertThat(spot.getSpec().getTemplate().getSpec().getTolerations()).isEqualTo(Placement.SPOT.tolerations());
            // The two ReplicaSets never claim each other's pods; the Service and the PDB select both.
            assertThat(minimum.getSpec().getSelector().getMatchLabels())
                    .isNotEqualTo(spot.getSpec().getSelector().getMatchLabels());
            for (Deployment deployment : List.of(minimum, spot)) {
                assertThat(deployment.getSpec().getTemplate().getMetadata().getLabels())
                        .containsAllEntriesOf(WorkloadResources.opsService(application).getSpec().getSelector())
                        .containsAllEntriesOf(WorkloadResources.pdb(application).orElseThrow().getSpec().getSelector()
                                .getMatchLabels());
            }
        }
    }

    @Test
    void shouldKeepTheBridgeAndTheSingleReplicasWhollyOnOnDemand() {
        for (Application application : List.of(Applications.INGEST_BRIDGE, Applications.INGEST_CDC,
                Applications.INGEST_SIMULATE)) {
            assertThat(WorkloadResources.deployments(application)).singleElement().satisfies(deployment ->
                    assertThat(deployment.getSpec().getTemplate().getSpec().getAffinity())
                            .isEqualTo(Placement.ON_DEMAND.affinity()));
        }
    }

    @Test
    void shouldScaleTheSpotDeploymentOnlyOnWhatTheMinimumCannotDrain() {
        GenericKubernetesResource scaler = ScalerResources.lagScaledObject(Applications.INFERENCE_STREAM);
        long covered = Replicas.MIN_SCALED * Throughput.lagThreshold(Applications.INFERENCE_STREAM);

        assertThat(scaler.get("spec", "scaleTargetRef", "name").toString()).isEqualTo("inference-stream-spot");
        assertThat((Object) scaler.get("spec", "minReplicaCount")).isEqualTo(0);
        assertThat((Object) scaler.get("spec", "maxReplicaCount"))
                .isEqualTo(Topics.TICKS.partitions() - Replicas.MIN_SCALED);
        assertThat(scaler.get("spec", "advanced", "scalingModifiers", "formula").toString())
                .isEqualTo("lag > " + covered + " ? lag - " + covered + " : 0");
        assertThat(ScalerResources.lagScaledObject(Applications.INGEST_BRIDGE).get("spec", "advanced").toString())
                .doesNotContain("scalingModifiers");
    }
}
