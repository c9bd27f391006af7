package io.atlas.keda;

import static org.assertj.core.api.Assertions.assertThat;

import io.atlas.catalog.Applications;
import io.atlas.deploy.SchemaFolder;
import io.atlas.deploy.StrictSchemas;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** Shows the cross-checks and the strict validation catching real mistakes in scaling and workload manifests. */
class ManifestAuditTest {

    static List<JsonNode> rendered() {
        List<JsonNode> documents = new ArrayList<>();
        KedaManifests.render().forEach(manifest -> manifest.resources()
                .forEach(resource -> documents.add(StrictSchemas.toTree(resource))));
        return documents;
    }

    static ObjectNode find(List<JsonNode> documents, String kind, String name) {
        return (ObjectNode) documents.stream().filter(doc -> kind.equals(doc.path("kind").asString())
                && name.equals(doc.path("metadata").path("name").asString())).findFirst().orElseThrow();
    }

    @Test
    void shouldFindNoProblemInTheRender() {
        assertThat(ManifestAudit.problems(rendered())).isEmpty();
    }

    @Test
    void shouldReportMaxReplicasAboveThePartitionsOfTheTopicRead() {
        List<JsonNode> documents = rendered();
        ((ObjectNode) find(documents, "ScaledObject", "ingest-bridge").path("spec")).put("maxReplicaCount", 13);

        assertThat(ManifestAudit.problems(documents)).containsExactly(
                "ScaledObject ingest-bridge: maxReplicaCount 13 exceeds the 12 partitions of atlas.ticks.raw");
    }

    @Test
    void shouldCountTheOnDemandMinimumBesideTheSpotScalerAgainstThePartitions() {
        List<JsonNode> documents = rendered();
        ((ObjectNode) find(documents, "ScaledObject", "inference-stream").path("spec")).put("maxReplicaCount", 10);

        assertThat(ManifestAudit.problems(documents)).containsExactly("ScaledObject inference-stream: maxReplicaCount 10 "
                + "plus 3 fixed replicas exceeds the 12 partitions of atlas.ticks");
    }

    @Test
    void shouldCheckTheProbesOfTheSpotDeploymentToo() {
        List<JsonNode> documents = rendered();
        ObjectNode container = (ObjectNode) find(documents, "Deployment", "ws-gateway-spot").path("spec")
                .path("template").path("spec").path("containers").get(0);
        ((ObjectNode) container.path("startupProbe").path("httpGet")).put("path", "/ready");

        assertThat(ManifestAudit.problems(documents)).containsExactly(
                "Deployment ws-gateway-spot: startupProbe asks /ready, which the ops server does not serve");
    }

    @Test
    void shouldReportAConsumerGroupWithoutAScaledObject() {
        List<JsonNode> documents = rendered();
        documents.remove(find(documents, "ScaledObject", "inference-stream"));

        assertThat(ManifestAudit.problems(documents)).containsExactly(
                "inference-stream: consumer group atlas-inference has no ScaledObject on its lag");
    }

    @Test
    void shouldReportAProbeOnAPathTheOpsServerDoesNotServe() {
        List<JsonNode> documents = rendered();
        ObjectNode container = (ObjectNode) find(documents, "Deployment", "ws-gateway").path("spec")
                .path("template").path("spec").path("containers").get(0);
        ((ObjectNode) container.path("readinessProbe").path("httpGet")).put("path", "/healthz");

        assertThat(ManifestAudit.problems(documents)).containsExactly(
                "Deployment ws-gateway: readinessProbe asks /healthz, which the ops server does not serve");
    }

    @Test
    void shouldReportAProbeOnTheWebSocketPort() {
        List<JsonNode> documents = rendered();
        ObjectNode container = (ObjectNode) find(documents, "Deployment", "ws-gateway").path("spec")
                .path("template").path("spec").path("containers").get(0);
        ((ObjectNode) container.path("livenessProbe").path("httpGet")).put("port", "websocket");

        assertThat(ManifestAudit.problems(documents)).singleElement().asString()
                .contains("livenessProbe port").contains("not the ops port 8080");
    }

    @Test
    void shouldRejectAScaledObjectWithZeroMaxReplicasStrictly() {
        ObjectNode scaledObject = (ObjectNode) StrictSchemas.toTree(
                ScalerResources.lagScaledObject(Applications.INGEST_BRIDGE));
        ((ObjectNode) scaledObject.path("spec")).put("maxReplicaCount", 0);

        assertThat(StrictSchemas.load(SchemaFolder.locate()).validate(scaledObject))
                .anySatisfy(error -> assertThat(error).contains("maxReplicaCount"));
    }

    @Test
    void shouldRejectAnUnknownContainerFieldStrictly() {
        ObjectNode deployment = (ObjectNode) StrictSchemas.toTree(
                WorkloadResources.deployment(Applications.INGEST_CDC));
        ((ObjectNode) deployment.path("spec").path("template").path("spec").path("containers").get(0))
                .put("readOnlyRootFilesystem", true);

        assertThat(StrictSchemas.load(SchemaFolder.locate()).validate(deployment))
                .anySatisfy(error -> assertThat(error).contains("readOnlyRootFilesystem"));
    }

    @Test
    void shouldReportAVpaThatWouldFightACpuTriggerOnTheSameWorkload() {
        List<JsonNode> documents = rendered();
        ObjectNode cpu = ((ArrayNode) find(documents, "ScaledObject", "inference-stream")
                .path("spec").path("triggers")).addObject();
        cpu.put("type", "cpu").put("metricType", "Utilization").putObject("metadata").put("value", "70");

        assertThat(ManifestAudit.problems(documents)).containsExactly("VerticalPodAutoscaler inference-stream-spot "
                + "controls cpu, which ScaledObject inference-stream scales on: they would fight");
    }

    @Test
    void shouldReportAVpaForAContainerTheWorkloadDoesNotHave() {
        List<JsonNode> documents = rendered();
        ((ObjectNode) find(documents, "VerticalPodAutoscaler", "ws-gateway").path("spec").path("resourcePolicy")
                .path("containerPolicies").get(0)).put("containerName", "gateway");

        assertThat(ManifestAudit.problems(documents)).containsExactly(
                "VerticalPodAutoscaler ws-gateway: no container gateway in Deployment ws-gateway");
    }

    @Test
    void shouldReportAVpaWhoseTargetIsNotRendered() {
        List<JsonNode> documents = rendered();
        ((ObjectNode) find(documents, "VerticalPodAutoscaler", "redis").path("spec").path("targetRef"))
                .put("name", "redis-cluster");

        assertThat(ManifestAudit.problems(documents)).containsExactly(
                "VerticalPodAutoscaler redis: targets StatefulSet redis-cluster, which is not rendered");
    }
}
