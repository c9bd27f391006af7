package io.atlas.strimzi;

import static org.assertj.core.api.Assertions.assertThat;

import io.atlas.deploy.Placement;
import io.atlas.deploy.VerticalPodAutoscaler;
import io.strimzi.api.kafka.model.nodepool.KafkaNodePool;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The Kafka cluster's pods run where Placement says, and their VPAs only advise. */
class KafkaPlacementTest {

    @Test
    void shouldPinEachBrokerPoolToItsZoneOnOnDemandDataNodes() {
        for (String zone : Placement.ZONES) {
            KafkaNodePool pool = KafkaClusterResources.brokers(zone);

            assertThat(pool.getSpec().getTemplate().getPod().getAffinity())
                    .isEqualTo(Placement.DATA.inZone(zone).affinity());
            assertThat(pool.getSpec().getTemplate().getPod().getTolerations())
                    .isEqualTo(Placement.DATA.tolerations());
        }
    }

    @Test
    void shouldSpreadTheControllersOnePerZoneOnDataNodes() {
        var pod = KafkaClusterResources.controllers().getSpec().getTemplate().getPod();

        assertThat(pod.getAffinity()).isEqualTo(Placement.DATA.affinity());
        assertThat(pod.getTopologySpreadConstraints()).singleElement().satisfies(spread -> {
            assertThat(spread.getWhenUnsatisfiable()).isEqualTo("DoNotSchedule");
            assertThat(spread.getLabelSelector().getMatchLabels())
                    .containsEntry(KafkaClusterResources.POOL_LABEL, "controllers");
        });
    }

    @Test
    void shouldOnlyRecommendResourcesForEveryNodePool() {
        List<VerticalPodAutoscaler> vpas = KafkaClusterResources.verticalPodAutoscalers();

        assertThat(vpas).extracting(vpa -> vpa.target().name())
                .containsExactly("controllers", "brokers-a", "brokers-b", "brokers-c");
        assertThat(vpas).allSatisfy(vpa -> {
            assertThat(vpa.mode()).isEqualTo(VerticalPodAutoscaler.UpdateMode.OFF);
            assertThat(vpa.target().kind()).isEqualTo("KafkaNodePool");
            assertThat(vpa.containers()).extracting(VerticalPodAutoscaler.ContainerPolicy::container)
                    .containsExactly(KafkaClusterResources.KAFKA_CONTAINER);
        });
    }

    @Test
    void shouldScrapeTheMirrorWhoseLatencyTheRpoAlertReads() {
        assertThat(MirrorResources.podMonitor().get("spec", "selector", "matchLabels").toString())
                .contains("strimzi.io/kind=KafkaMirrorMaker2").contains("strimzi.io/cluster=" + MirrorResources.NAME);
    }
}
