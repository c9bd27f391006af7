package io.atlas.perf.observability;

import io.atlas.strimzi.KafkaClusterResources;
import io.atlas.strimzi.MirrorResources;
import io.fabric8.kubernetes.api.model.ConfigMap;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * The exporters outside Atlas whose metrics the alerts and dashboards may name, each with exactly the names it
 * provides. The JMX exporter's names are derived from the rules Strimzi runs the brokers and the mirror with
 * ({@code $n} of a rule's name template stands for any lower-case MBean part, as {@code lowercaseOutputName} makes
 * it).
 */
final class ExternalExporters {

    /** One exporter: the names it provides, as exact names or patterns over names. */
    record Exporter(String name, Set<String> names, List<Pattern> patterns) {

        boolean provides(String metric) {
            return names.contains(metric) || patterns.stream().anyMatch(p -> p.matcher(metric).matches());
        }

        boolean providesAny(Pattern selector) {
            return names.stream().anyMatch(n -> selector.matcher(n).matches());
        }
    }

    private static final YAMLMapper YAML = YAMLMapper.builder().build();
    private static final Pattern CAPTURE = Pattern.compile("\\$\\d+");

    private ExternalExporters() {
    }

    static List<Exporter> all() {
        return List.of(
                // Prometheus itself, one series per scrape target.
                new Exporter("prometheus", Set.of("up", "scrape_duration_seconds", "scrape_samples_scraped"),
                        List.of()),
                new Exporter("kube-state-metrics", Set.of("kube_deployment_status_replicas",
                        "kube_deployment_status_replicas_available", "kube_deployment_spec_replicas",
                        "kube_pod_container_resource_limits", "kube_pod_container_resource_requests",
                        "kube_pod_container_status_restarts_total",
                        "kube_horizontalpodautoscaler_status_current_replicas",
                        "kube_horizontalpodautoscaler_spec_max_replicas",
                        "kube_cronjob_status_last_successful_time"), List.of()),
                new Exporter("cAdvisor (kubelet)", Set.of("container_memory_working_set_bytes",
                        "container_memory_rss", "container_cpu_usage_seconds_total",
                        "container_cpu_cfs_throttled_periods_total"), List.of()),
                // Strimzi's Kafka Exporter (the Kafka resource's kafkaExporter), for consumer-group lag.
                new Exporter("Kafka Exporter", Set.of("kafka_consumergroup_lag", "kafka_consumergroup_lag_sum",
                        "kafka_consumergroup_current_offset", "kafka_consumergroup_current_offset_sum",
                        "kafka_consumergroup_members", "kafka_topic_partitions", "kafka_topic_partition_current_offset",
                        "kafka_topic_partition_oldest_offset", "kafka_brokers"), List.of()),
                jmx("Kafka brokers' JMX exporter", KafkaClusterResources.metricsConfigMap()),
                jmx("MirrorMaker 2's JMX exporter", MirrorResources.metricsConfigMap()),
                new Exporter("KEDA operator", Set.of("keda_scaler_metrics_value", "keda_scaler_active",
                        "keda_scaler_errors_total", "keda_scaled_object_errors_total", "keda_scaled_object_paused"),
                        List.of()));
    }

    /** The names a JMX exporter configuration's rules produce, one pattern per rule with a name template. */
    static Exporter jmx(String name, ConfigMap config) {
        JsonNode rules = YAML.readTree(config.getData().values().iterator().next()).path("rules");
        List<Pattern> patterns = new ArrayList<>();
        for (JsonNode rule : rules) {
            String template = rule.path("name").asString("");
            if (!template.isEmpty()) {
                patterns.add(Pattern.compile(template(template)));
            }
        }
        return new Exporter(name, Set.of(), patterns);
    }

    private static String template(String template) {
        StringBuilder regex = new StringBuilder();
        Matcher capture = CAPTURE.matcher(template);
        int last = 0;
        while (capture.find()) {
            regex.append(Pattern.quote(template.substring(last, capture.start()))).append("[a-z0-9_]+");
            last = capture.end();
        }
        return regex.append(Pattern.quote(template.substring(last))).toString();
    }
}
