package io.atlas.keda;

import io.atlas.catalog.Application;
import io.atlas.catalog.Applications;
import io.atlas.catalog.Hop;
import io.atlas.catalog.Topics;
import io.atlas.strimzi.ClusterNames;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Builds the Grafana dashboards (pipeline with the per-hop latency, gateway, inference, Kafka lag and scaling) as
 * ConfigMaps labelled for Grafana's dashboard sidecar, on the metric names Atlas and its exporters export (perf's
 * {@code MetricNamesTest} checks every one against the services' real registries).
 */
public final class Dashboards {

    /** The label Grafana's sidecar watches for dashboards. */
    public static final String SIDECAR_LABEL = "grafana_dashboard";

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String NS = "namespace=\"" + ClusterNames.NAMESPACE + "\"";

    private Dashboards() {
    }

    public static List<ConfigMap> all() {
        List<ConfigMap> dashboards = new ArrayList<>();
        dashboards.add(configMap("atlas-pipeline", "Atlas pipeline", List.of(
                panel("Raw records into the bridge /s", "sum(rate(atlas_ingest_bridge_records_in_total{" + NS
                        + "}[1m]))"),
                panel("Ticks out of the bridge /s", "sum(rate(atlas_ingest_bridge_ticks_out_total{" + NS + "}[1m]))"),
                panel("Dead letters /s by application", "sum by (application) (rate({__name__=~\"atlas_.*_dead_letters_"
                        + "total\"," + NS + "}[1m]))"),
                panel("Aborted bridge transactions /s", "sum(rate(atlas_ingest_bridge_transactions_aborted_total{" + NS
                        + "}[1m]))"),
                panel("Broker messages in /s by topic", "sum by (topic) (rate("
                        + "kafka_server_brokertopicmetrics_messagesinpersec_total{topic=~\"atlas\\\\..*\"}[1m]))"),
                panel("CDC events /s", "sum(rate(atlas_ingest_cdc_events_total{" + NS + "}[1m]))"),
                hopPanel(0.5),
                hopPanel(0.99))));
        dashboards.add(configMap("atlas-gateway", "Atlas gateway", List.of(
                panel("Connections per pod", Applications.GATEWAY_CONNECTIONS_METRIC + "{" + NS + "}"),
                panel("Connections per pod: scaling threshold", "vector(" + Throughput.connectionsPerPod() + ")"),
                panel("Updates dropped /s", "sum(rate(atlas_gateway_updates_dropped_total{" + NS + "}[1m]))"),
                panel("Updates conflated /s", "sum(rate(atlas_gateway_updates_conflated_total{" + NS + "}[1m]))"),
                panel("Closes /s", "sum(rate(atlas_gateway_closes_total{" + NS + "}[1m]))"))));
        dashboards.add(configMap("atlas-inference", "Atlas inference", List.of(
                panel("Tick to client latency p95 (s)", "histogram_quantile(0.95, sum by (le) (rate("
                        + AlertRules.END_TO_END_LATENCY_BUCKET + "{" + NS + "}[5m])))"),
                // The scoring timer publishes client-side percentiles, not buckets: one series per pod.
                panel("Scoring latency p99 per pod (s)", "max by (pod) (atlas_inference_score_latency_seconds{" + NS
                        + ",quantile=\"0.99\"})"),
                panel("Outcomes /s", "sum(rate(atlas_inference_outcomes_total{" + NS + "}[1m]))"),
                panel("Unscored ticks /s", "sum(rate(atlas_inference_ticks_unscored_total{" + NS + "}[1m]))"),
                panel("Model swaps", "sum(increase(atlas_inference_model_swaps_total{" + NS + "}[1h]))"),
                panel("Live model version", "max(atlas_inference_model_version{" + NS + "})"))));
        List<ObjectNode> lag = new ArrayList<>();
        for (Application application : Applications.all()) {
            if (application.scaling() instanceof Application.Scaling.ConsumerLag scaled) {
                String group = application.consumerGroup().orElseThrow();
                lag.add(panel("Lag of " + group + " on " + scaled.topic().name(), "sum(kafka_consumergroup_lag{"
                        + "consumergroup=\"" + group + "\",topic=\"" + scaled.topic().name() + "\"})"));
                // On-demand and spot Deployments together: the group's members.
                String deployments = WorkloadResources.deployments(application).stream()
                        .map(d -> d.getMetadata().getName()).collect(Collectors.joining("|"));
                lag.add(panel("Replicas of " + application.name() + " (max " + Replicas.of(application).max() + ")",
                        "sum(kube_deployment_status_replicas{" + NS + ",deployment=~\"" + deployments + "\"})"));
            }
        }
        lag.add(panel("Dead-letter topic size (bytes)", "sum(kafka_log_log_size{topic=\"" + Topics.DEAD_LETTERS.name()
                + "\"})"));
        dashboards.add(configMap("atlas-kafka-lag", "Atlas Kafka lag and scaling", lag));
        return dashboards;
    }

    /**
     * One series per {@link Hop}, in the order a tick crosses them, of the {@code quantile} of the shared per-hop
     * timer; each is its own query so the legend keeps that order.
     */
    static ObjectNode hopPanel(double quantile) {
        ObjectNode panel = panel("Latency per hop p" + Math.round(quantile * 100) + " (s)");
        ArrayNode targets = panel.putArray("targets");
        for (Hop hop : Hop.values()) {
            targets.addObject()
                    .put("expr", "histogram_quantile(" + quantile + ", sum by (le) (rate(" + Hop.BUCKET_METRIC + "{"
                            + NS + "," + Hop.TAG + "=\"" + hop.tagValue() + "\"}[5m])))")
                    .put("legendFormat", hop.tagValue())
                    .put("refId", Character.toString('A' + hop.ordinal()));
        }
        panel.putObject("options").putObject("legend").put("displayMode", "table").put("placement", "right");
        return panel;
    }

    private static ObjectNode panel(String title, String expr) {
        ObjectNode panel = panel(title);
        panel.putArray("targets").addObject().put("expr", expr).put("refId", "A");
        return panel;
    }

    private static ObjectNode panel(String title) {
        ObjectNode panel = JSON.createObjectNode();
        panel.put("type", "timeseries");
        panel.put("title", title);
        panel.putObject("datasource").put("type", "prometheus").put("uid", "${datasource}");
        return panel;
    }

    private static ConfigMap configMap(String uid, String title, List<ObjectNode> panels) {
        ObjectNode dashboard = JSON.createObjectNode();
        dashboard.put("uid", uid);
        dashboard.put("title", title);
        dashboard.put("schemaVersion", 39);
        dashboard.putArray("tags").add("atlas");
        dashboard.putObject("time").put("from", "now-1h").put("to", "now");
        ObjectNode datasource = dashboard.putObject("templating").putArray("list").addObject();
        datasource.put("name", "datasource").put("type", "datasource").put("query", "prometheus");
        ArrayNode array = dashboard.putArray("panels");
        for (int i = 0; i < panels.size(); i++) {
            ObjectNode panel = panels.get(i);
            panel.put("id", i + 1);
            panel.putObject("gridPos").put("h", 8).put("w", 12).put("x", (i % 2) * 12).put("y", (i / 2) * 8);
            array.add(panel);
        }
        Map<String, String> labels = new TreeMap<>(AppLabels.allApplications());
        labels.put(SIDECAR_LABEL, "1");
        return new ConfigMapBuilder()
                .withNewMetadata()
                    .withName("dashboard-" + uid)
                    .withNamespace(ClusterNames.MONITORING_NAMESPACE)
                    .withLabels(labels)
                .endMetadata()
                .withData(Map.of(uid + ".json", JSON.writerWithDefaultPrettyPrinter().writeValueAsString(dashboard)))
                .build();
    }
}
