package io.atlas.keda;

import static org.assertj.core.api.Assertions.assertThat;

import io.atlas.catalog.Application;
import io.atlas.catalog.Applications;
import io.atlas.deploy.VerticalPodAutoscaler.Resource;
import io.atlas.deploy.VerticalPodAutoscaler.UpdateMode;
import io.atlas.deploy.VerticalPodAutoscaler;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class VerticalScalingTest {

    static List<VerticalPodAutoscaler> of(String target) {
        return VerticalScaling.all().stream().filter(vpa -> vpa.target().name().equals(target)).toList();
    }

    @Test
    void shouldSizeEveryDeploymentAndTheDataStores() {
        assertThat(VerticalScaling.all()).extracting(vpa -> vpa.target().kind() + " " + vpa.target().name())
                .containsExactlyInAnyOrder("Deployment ingest-simulate", "Deployment ingest-bridge",
                        "Deployment ingest-cdc", "Deployment inference-stream", "Deployment inference-stream-spot",
                        "Deployment ws-gateway", "Deployment ws-gateway-spot", "StatefulSet postgresql",
                        "StatefulSet redis");
    }

    @Test
    void shouldAdjustTheScorerAutomaticallyButOnlyEvictToGrow() {
        for (String target : List.of("inference-stream", "inference-stream-spot")) {
            assertThat(of(target)).singleElement().satisfies(vpa -> {
                assertThat(vpa.mode()).isEqualTo(UpdateMode.RECREATE);
                assertThat(vpa.evictOnlyToGrow()).isTrue();
            });
        }
    }

    @Test
    void shouldNeverEvictAGatewayOrBridgePodToResizeIt() {
        for (String target : List.of("ws-gateway", "ws-gateway-spot", "ingest-bridge")) {
            assertThat(of(target)).singleElement().satisfies(vpa ->
                    assertThat(vpa.mode()).isEqualTo(UpdateMode.INITIAL));
        }
    }

    @Test
    void shouldOnlyAdviseForSingleReplicasAndStatefulPieces() {
        for (String target : List.of("ingest-cdc", "ingest-simulate", "postgresql", "redis")) {
            assertThat(of(target)).singleElement().satisfies(vpa -> {
                assertThat(vpa.mode()).isEqualTo(UpdateMode.OFF);
                assertThat(vpa.containers().get(0).minAllowed()).isEmpty();
            });
        }
    }

    @Test
    void shouldNeverShrinkAReplicaBelowTheRequestTheLagThresholdsAssume() {
        for (Application application : List.of(Applications.INFERENCE_STREAM, Applications.WS_GATEWAY,
                Applications.INGEST_BRIDGE)) {
            Resources resources = Resources.of(application);
            assertThat(of(application.name()).get(0).containers()).singleElement().satisfies(policy -> {
                assertThat(policy.container()).isEqualTo(application.name());
                assertThat(policy.controlled()).containsExactlyInAnyOrder(Resource.CPU, Resource.MEMORY);
                assertThat(policy.minAllowed()).isEqualTo(Map.of(Resource.CPU, resources.cpuRequest(),
                        Resource.MEMORY, resources.memory()));
                assertThat(policy.maxAllowed()).isEqualTo(VerticalScaling.CEILING);
            });
        }
    }

    @Test
    void shouldLeaveCpuAndMemoryToTheVpaBecauseKedaScalesOnNeither() {
        List<String> triggerTypes = ScalerResources.all().stream().filter(r -> r.getKind().equals("ScaledObject"))
                .flatMap(so -> ((List<?>) ((GenericKubernetesResource) so)
                        .get("spec", "triggers")).stream())
                .map(trigger -> ((Map<?, ?>) trigger).get("type").toString()).toList();

        assertThat(triggerTypes).containsOnly("kafka", "prometheus");
    }
}
