package io.atlas.keda;

import static org.assertj.core.api.Assertions.assertThat;

import io.atlas.catalog.Applications;
import io.atlas.catalog.Topics;
import io.atlas.deploy.Manifest;
import io.atlas.keda.cli.DeploymentSet;
import io.atlas.strimzi.ClusterNames;
import io.atlas.strimzi.KafkaClusterResources;
import io.atlas.strimzi.StrimziManifests;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.NonDeletingOperation;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Applies the whole rendered set (Strimzi and KEDA) to fabric8's mock API server in CRUD mode, as a deploy command
 * would: CRDs first, then every resource with {@code createOr(update)}, twice, to show the apply is repeatable.
 */
@EnableKubernetesMockClient(crud = true)
class MockClusterApplyTest {

    static KubernetesClient client;

    @BeforeAll
    static void installCustomResourceDefinitions() throws IOException {
        MockCrds.install(client);
    }

    /** What the primary region's cluster runs (the DR region's manifests are applied to another cluster). */
    static List<HasMetadata> everything() {
        return DeploymentSet.resources();
    }

    @Test
    void shouldApplyEveryResourceAndApplyAgainWithoutConflict() {
        for (int round = 0; round < 2; round++) {
            for (HasMetadata resource : everything()) {
                HasMetadata applied = client.resource(resource).createOr(NonDeletingOperation::update);
                assertThat(applied.getMetadata().getName()).isEqualTo(resource.getMetadata().getName());
            }
        }

        String ns = ClusterNames.NAMESPACE;
        // Five applications; the scorer and the gateway run their replicas above the minimum in a spot Deployment.
        assertThat(client.apps().deployments().inNamespace(ns).list().getItems())
                .extracting(d -> d.getMetadata().getName())
                .contains("inference-stream", "inference-stream-spot", "ws-gateway", "ws-gateway-spot").hasSize(7);
        // Default deny, one per application, PostgreSQL, Redis, the backup job and the roll-forward job.
        assertThat(client.network().networkPolicies().inNamespace(ns).list().getItems()).hasSize(10);
        assertThat(client.apps().statefulSets().inNamespace(ns).list().getItems())
                .extracting(set -> set.getMetadata().getName()).containsExactlyInAnyOrder("postgresql", "redis");
        assertThat(client.genericKubernetesResources("autoscaling.k8s.io/v1", "VerticalPodAutoscaler").inNamespace(ns)
                .list().getItems()).hasSize(VerticalScaling.all().size()
                        + KafkaClusterResources.verticalPodAutoscalers().size());
        assertThat(client.batch().v1().cronjobs().inNamespace(ns).withName(PostgresResources.BACKUP).get()
                .getSpec().getSchedule()).isEqualTo(PostgresBackup.SCHEDULE);
        List<GenericKubernetesResource> scaledObjects = client.genericKubernetesResources("keda.sh/v1alpha1",
                "ScaledObject").inNamespace(ns).list().getItems();
        assertThat(scaledObjects).extracting(so -> so.getMetadata().getName())
                .containsExactlyInAnyOrder("ingest-bridge", "inference-stream", "ws-gateway");
        assertThat(client.genericKubernetesResources("kafka.strimzi.io/v1", "KafkaTopic").inNamespace(ns).list()
                .getItems()).hasSize(Topics.all().size());
        // One per application, the KEDA scaler, the DR mirror, outside producers and the restore's roll-forward.
        assertThat(client.genericKubernetesResources("kafka.strimzi.io/v1", "KafkaUser").inNamespace(ns).list()
                .getItems()).hasSize(Applications.all().size() + 4);
    }

    @Test
    void shouldKeepTheScalerSettingsThroughTheApiServer() {
        everything().forEach(resource -> client.resource(resource).createOr(NonDeletingOperation::update));

        GenericKubernetesResource bridge = client.genericKubernetesResources("keda.sh/v1alpha1", "ScaledObject")
                .inNamespace(ClusterNames.NAMESPACE).withName("ingest-bridge").get();

        Object maxReplicas = bridge.get("spec", "maxReplicaCount");
        Object downWindow = bridge.get("spec", "advanced", "horizontalPodAutoscalerConfig", "behavior", "scaleDown",
                "stabilizationWindowSeconds");

        assertThat(maxReplicas).isEqualTo(12);
        assertThat(downWindow).isEqualTo(600);
    }

    @Test
    void shouldApplyTheDrRegionsManifestsToItsCluster() {
        List<HasMetadata> drRegion = new ArrayList<>();
        Stream.concat(StrimziManifests.render().stream(), KedaManifests.render().stream())
                .filter(manifest -> manifest.region() == Manifest.Region.DR).map(Manifest::resources)
                .forEach(drRegion::addAll);

        for (HasMetadata resource : drRegion) {
            client.resource(resource).createOr(NonDeletingOperation::update);
        }

        assertThat(drRegion).extracting(HasMetadata::getKind).contains("KafkaMirrorMaker2", "CronJob");
        assertThat(client.batch().v1().cronjobs().inNamespace(ClusterNames.NAMESPACE).withName(DrValidation.NAME)
                .get().getSpec().getJobTemplate().getSpec().getTemplate().getSpec().getContainers().get(0)
                .getCommand()).containsSequence("validate", "--dr");
    }
}
