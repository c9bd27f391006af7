package io.atlas.keda;

import static org.assertj.core.api.Assertions.assertThat;

import io.atlas.catalog.Application;
import io.atlas.catalog.Applications;
import io.atlas.catalog.Topics;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.apps.Deployment;
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
}
