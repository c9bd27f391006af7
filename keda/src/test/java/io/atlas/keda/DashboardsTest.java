package io.atlas.keda;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConfigMap;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class DashboardsTest {

    static final JsonMapper JSON = JsonMapper.builder().build();

    @Test
    void shouldRenderFourDashboardsForTheGrafanaSidecar() {
        List<String> uids = new ArrayList<>();
        for (ConfigMap map : Dashboards.all()) {
            assertThat(map.getMetadata().getLabels()).containsEntry(Dashboards.SIDECAR_LABEL, "1");
            assertThat(map.getData()).hasSize(1);
            JsonNode dashboard = JSON.readTree(map.getData().values().iterator().next());
            uids.add(dashboard.path("uid").asString());
            assertThat(dashboard.path("panels")).isNotEmpty().allSatisfy(panel ->
                    assertThat(panel.path("targets").get(0).path("expr").asString()).isNotBlank());
        }
        assertThat(uids).containsExactly("atlas-pipeline", "atlas-gateway", "atlas-inference", "atlas-kafka-lag");
    }

    @Test
    void shouldChartTheLagOfEveryScaledConsumerGroup() {
        String lag = Dashboards.all().get(3).getData().values().iterator().next();

        assertThat(lag).contains("consumergroup=\\\"atlas-ingest-bridge\\\"", "consumergroup=\\\"atlas-inference\\\"");
    }
}
