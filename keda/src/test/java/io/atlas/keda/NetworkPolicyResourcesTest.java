package io.atlas.keda;

import static org.assertj.core.api.Assertions.assertThat;

import io.atlas.catalog.Application;
import io.atlas.catalog.Applications;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyEgressRule;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPort;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class NetworkPolicyResourcesTest {

    static Set<Integer> egressPorts(Application application) {
        return NetworkPolicyResources.forApplication(application).getSpec().getEgress().stream()
                .flatMap(rule -> rule.getPorts().stream()).map(NetworkPolicyPort::getPort)
                .map(port -> port.getIntVal()).collect(Collectors.toSet());
    }

    static Set<Integer> ingressPorts(Application application) {
        return NetworkPolicyResources.forApplication(application).getSpec().getIngress().stream()
                .flatMap(rule -> rule.getPorts().stream()).map(NetworkPolicyPort::getPort)
                .map(port -> port.getIntVal()).collect(Collectors.toSet());
    }

    @Test
    void shouldDenyEverythingForEveryAtlasPodFirst() {
        NetworkPolicy deny = NetworkPolicyResources.defaultDeny();

        assertThat(deny.getSpec().getPolicyTypes()).containsExactly("Ingress", "Egress");
        assertThat(deny.getSpec().getIngress()).isNullOrEmpty();
        assertThat(deny.getSpec().getEgress()).isNullOrEmpty();
        assertThat(deny.getSpec().getPodSelector().getMatchLabels()).isEqualTo(AppLabels.allApplications());
    }

    @Test
    void shouldOpenOnlyDnsBrokersTheCollectorAndTheApplicationsOwnExternals() {
        for (Application application : Applications.all()) {
            Set<Integer> expected = new java.util.TreeSet<>(List.of(53, 9093, 4317, 4318));
            application.externals().forEach(external -> expected.add(external.port()));

            assertThat(egressPorts(application)).as(application.name()).isEqualTo(expected);
        }
        assertThat(egressPorts(Applications.INGEST_CDC)).contains(5432).doesNotContain(6379);
        assertThat(egressPorts(Applications.WS_GATEWAY)).contains(6379).doesNotContain(5432);
    }

    @Test
    void shouldSendSpansOnlyToTheCollectorInTheMonitoringNamespace() {
        NetworkPolicyEgressRule otlp = NetworkPolicyResources.forApplication(Applications.INFERENCE_STREAM).getSpec()
                .getEgress().stream().filter(rule -> rule.getPorts().stream()
                        .anyMatch(port -> port.getPort().getIntVal() == TracingResources.OTLP_HTTP_PORT))
                .findFirst().orElseThrow();

        Deployment collector = TracingResources.all(TraceStorage.DEVELOPMENT).stream()
                .filter(Deployment.class::isInstance).map(Deployment.class::cast)
                .filter(d -> d.getMetadata().getName().equals(TracingResources.COLLECTOR)).findFirst().orElseThrow();

        assertThat(otlp.getTo()).singleElement().satisfies(peer -> {
            assertThat(peer.getNamespaceSelector().getMatchLabels())
                    .isEqualTo(Map.of("kubernetes.io/metadata.name", collector.getMetadata().getNamespace()));
            assertThat(collector.getSpec().getTemplate().getMetadata().getLabels())
                    .containsAllEntriesOf(peer.getPodSelector().getMatchLabels());
        });
        assertThat(otlp.getPorts()).extracting(port -> port.getPort().getIntVal())
                .containsExactly(TracingResources.OTLP_GRPC_PORT, TracingResources.OTLP_HTTP_PORT);
    }

    @Test
    void shouldAdmitOnlyTheOpsPortAndTheGatewaysWebSocketPort() {
        assertThat(ingressPorts(Applications.WS_GATEWAY)).containsExactlyInAnyOrder(8080, 8088);
        assertThat(ingressPorts(Applications.INGEST_BRIDGE)).containsExactly(8080);
        assertThat(NetworkPolicyResources.forApplication(Applications.INGEST_BRIDGE).getSpec().getIngress().get(0)
                .getFrom().get(0).getNamespaceSelector().getMatchLabels())
                .containsEntry("kubernetes.io/metadata.name", "monitoring");
    }
}
