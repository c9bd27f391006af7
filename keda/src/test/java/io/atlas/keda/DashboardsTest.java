package io.atlas.keda;

import static org.assertj.core.api.Assertions.assertThat;

import io.atlas.catalog.Hop;
import io.fabric8.kubernetes.api.model.ConfigMap;
import java.util.ArrayList;
import java.util.Arrays;
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
    void shouldChartTheP50AndP99OfEveryHopInTheOrderATickCrossesThem() {
        for (double quantile : new double[] {0.5, 0.99}) {
            JsonNode panel = Dashboards.hopPanel(quantile);

            assertThat(panel.path("targets")).extracting(target -> target.path("legendFormat").asString())
                    .containsExactlyElementsOf(Arrays.stream(Hop.values()).map(Hop::tagValue).toList());
            assertThat(panel.path("targets")).allSatisfy(target -> assertThat(target.path("expr").asString())
                    .startsWith("histogram_quantile(" + quantile + ", ").contains(Hop.BUCKET_METRIC)
                    .contains(Hop.TAG + "=\"" + target.path("legendFormat").asString() + "\""));
        }
        String pipeline = Dashboards.all().get(0).getData().values().iterator().next();
        assertThat(pipeline).contains("Latency per hop p50 (s)", "Latency per hop p99 (s)");
    }

    @Test
    void shouldChartTheLagOfEveryScaledConsumerGroup() {
        String lag = Dashboards.all().get(3).getData().values().iterator().next();

        assertThat(lag).contains("consumergroup=\\\"atlas-ingest-bridge\\\"", "consumergroup=\\\"atlas-inference\\\"");
    }
}
