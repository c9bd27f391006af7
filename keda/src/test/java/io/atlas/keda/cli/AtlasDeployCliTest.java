package io.atlas.keda.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.atlas.catalog.Topics;
import io.atlas.deploy.Manifest;
import io.atlas.keda.MockCrds;
import io.atlas.strimzi.ClusterNames;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** Runs {@code atlas deploy} and {@code atlas validate} against fabric8's mock API server in CRUD mode. */
@EnableKubernetesMockClient(crud = true)
class AtlasDeployCliTest {

    static KubernetesClient client;

    final StringWriter out = new StringWriter();
    final StringWriter err = new StringWriter();

    @BeforeAll
    static void installCustomResourceDefinitions() throws IOException {
        MockCrds.install(client);
    }

    @BeforeEach
    void startFromAnEmptyNamespace() {
        for (HasMetadata resource : DeploymentSet.resources()) {
            client.resource(resource).delete();
        }
    }

    int atlas(String... args) {
        CommandLine command = AtlasDeployCli.commandLine(() -> new KubernetesClientBuilder()
                .withConfig(client.getConfiguration()).build());
        command.setOut(new PrintWriter(out));
        command.setErr(new PrintWriter(err));
        return command.execute(args);
    }

    @Test
    void shouldPlanToCreateEverythingAndChangeNothingOnADryRun() {
        int exit = atlas("deploy", "--dry-run");

        assertThat(exit).isZero();
        int total = DeploymentSet.resources().size();
        assertThat(out.toString()).contains("CREATE    Kafka atlas/atlas", "CREATE    ScaledObject atlas/ingest-bridge",
                "Dry run: " + total + " of " + total + " resources would change.");
        assertThat(client.apps().deployments().inNamespace(ClusterNames.NAMESPACE).list().getItems()).isEmpty();
    }

    @Test
    void shouldValidateEverythingOfflineWhenNoClusterAnswers() {
        StringWriter offlineOut = new StringWriter();
        CommandLine command = AtlasDeployCli.commandLine(() -> new KubernetesClientBuilder().withConfig(
                new ConfigBuilder().withMasterUrl("https://127.0.0.1:1").withRequestRetryBackoffLimit(0).build())
                .build());
        command.setOut(new PrintWriter(offlineOut));
        command.setErr(new PrintWriter(err));

        int exit = command.execute("deploy", "--dry-run");

        assertThat(exit).as(err.toString()).isZero();
        int all = DeploymentSet.resources(Manifest.Region.values()).size();
        assertThat(offlineOut.toString()).contains("Validated " + all + " resources strictly")
                .contains("No cluster answered at https://127.0.0.1:1/").contains("no plan");
        assertThat(all).isGreaterThan(DeploymentSet.resources().size());
    }

    @Test
    void shouldApplyThenFindNothingToChange() {
        assertThat(atlas("deploy")).isZero();
        assertThat(client.apps().deployments().inNamespace(ClusterNames.NAMESPACE).list().getItems()).hasSize(7);

        out.getBuffer().setLength(0);
        assertThat(atlas("deploy", "--dry-run")).isZero();

        assertThat(out.toString()).contains("Dry run: 0 of ").doesNotContain("CREATE").doesNotContain("UPDATE ");
    }

    @Test
    void shouldPlanAnUpdateForATopicChangedInTheCluster() {
        assertThat(atlas("deploy")).isZero();
        changePartitionsOfTicks(24);

        out.getBuffer().setLength(0);
        atlas("deploy", "--dry-run");

        assertThat(out.toString()).contains("UPDATE    KafkaTopic atlas/atlas.ticks").contains("Dry run: 1 of ");
    }

    @Test
    void shouldReportMissingAndUnreadyResourcesAndTopicDrift() {
        assertThat(atlas("validate")).isEqualTo(1);
        assertThat(out.toString()).contains("Kafka atlas/atlas: missing");

        atlas("deploy");
        changePartitionsOfTicks(24);
        out.getBuffer().setLength(0);

        assertThat(atlas("validate")).isEqualTo(1);
        assertThat(out.toString()).contains("Kafka atlas/atlas: not Ready", "ScaledObject atlas/ingest-bridge: not Ready",
                "Deployment atlas/ws-gateway: no ready replica",
                "topic atlas.ticks: 24 partitions, catalog " + Topics.TICKS.partitions());
    }

    private static void changePartitionsOfTicks(int partitions) {
        GenericKubernetesResource topic = client.genericKubernetesResources("kafka.strimzi.io/v1", "KafkaTopic")
                .inNamespace(ClusterNames.NAMESPACE).withName(Topics.TICKS.name()).get();
        @SuppressWarnings("unchecked")
        Map<String, Object> spec = (Map<String, Object>) topic.getAdditionalProperties().get("spec");
        spec.put("partitions", partitions);
        client.resource(topic).update();
    }
}
