package io.atlas.keda;

import io.atlas.catalog.Application;
import io.atlas.catalog.Applications;
import io.atlas.catalog.Topics;
import io.atlas.deploy.Runbooks;
import io.atlas.strimzi.ClusterNames;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Builds the {@code PrometheusRule} with the seed's alerts — a service down for 1 minute, p95 latency above 2 s for
 * 5 minutes, memory above 80% of the limit for 5 minutes, error rate above 0.1% for 2 minutes — plus lag that the
 * scaler cannot absorb even at its maximum and a missed daily backup. Every rule links its runbook
 * ({@code runbook_url}).
 *
 * <p>Metric names: {@code up} per ServiceMonitor job ({@link AppLabels#job}); the broker's
 * per-topic {@code MessagesInPerSec} as renamed by our JMX exporter rules; cAdvisor and kube-state-metrics for
 * memory and the backup CronJob; Kafka Exporter's {@code kafka_consumergroup_lag}; and the gateway's end-to-end timer
 * {@code atlas.gateway.latency}, which publishes a percentile histogram for the p95 rule.
 */
public final class AlertRules {

    public static final String NAME = "atlas-alerts";

    /**
     * The gateway's timer from a tick's exchange time to its prediction written to a socket, as Prometheus scrapes
     * its histogram: the latency users see, across every hop.
     */
    public static final String END_TO_END_LATENCY_BUCKET = "atlas_gateway_latency_seconds_bucket";

    private static final String MESSAGES_IN = "kafka_server_brokertopicmetrics_messagesinpersec_total";

    /** A day between backups, plus the backup's own deadline and an hour of slack. */
    static final Duration BACKUP_OVERDUE = Duration.ofHours(26);

    private AlertRules() {
    }

    public static GenericKubernetesResource prometheusRule() {
        List<Map<String, Object>> rules = new ArrayList<>();
        for (Application application : Applications.all()) {
            String selector = "namespace=\"" + ClusterNames.NAMESPACE + "\",job=\"" + AppLabels.job(application) + "\"";
            rules.add(rule("AtlasServiceDown", "(sum(up{" + selector + "}) or vector(0)) < 1", "1m", "critical",
                    application.name() + " has no scrapeable replica",
                    "No " + application.name() + " pod has answered Prometheus for 1 minute."));
        }
        rules.add(rule("AtlasLatencyHigh", "histogram_quantile(0.95, sum by (le) (rate("
                + END_TO_END_LATENCY_BUCKET + "{namespace=\"" + ClusterNames.NAMESPACE + "\"}[5m]))) > 2", "5m",
                "warning", "p95 tick-to-client latency above 2 s",
                "The p95 time from a tick's exchange time to its prediction reaching a WebSocket client has been "
                        + "above 2 s for 5 minutes; the per-hop panel of the pipeline dashboard shows which hop."));
        String containers = Applications.all().stream().map(Application::name).collect(Collectors.joining("|"));
        rules.add(rule("AtlasMemoryHigh", "max by (pod, container) (container_memory_working_set_bytes{namespace=\""
                + ClusterNames.NAMESPACE + "\",container=~\"" + containers + "\"}) / max by (pod, container) "
                + "(kube_pod_container_resource_limits{namespace=\"" + ClusterNames.NAMESPACE
                + "\",resource=\"memory\"}) > 0.8", "5m", "warning", "container memory above 80% of its limit",
                "{{ $labels.pod }} has used more than 80% of its memory limit for 5 minutes."));
        rules.add(rule("AtlasErrorRateHigh", "sum(rate(" + MESSAGES_IN + "{topic=\"" + Topics.DEAD_LETTERS.name()
                + "\"}[2m])) / sum(rate(" + MESSAGES_IN + "{topic=~\"" + Topics.TICKS_RAW.name().replace(".", "\\\\.")
                + "|" + Topics.TICKS.name().replace(".", "\\\\.") + "\"}[2m])) > 0.001", "2m", "critical",
                "more than 0.1% of records dead-lettered",
                "Records refused into " + Topics.DEAD_LETTERS.name() + " exceed 0.1% of ticks for 2 minutes."));
        for (Application application : Applications.all()) {
            if (application.scaling() instanceof Application.Scaling.ConsumerLag lag) {
                long ceiling = Throughput.lagThreshold(application) * Replicas.of(application).max();
                rules.add(rule("AtlasLagBeyondScaling", "sum(kafka_consumergroup_lag{consumergroup=\""
                        + application.consumerGroup().orElseThrow() + "\",topic=\"" + lag.topic().name()
                        + "\"}) > " + ceiling, "5m", "critical",
                        application.name() + " lag beyond what its maximum replicas drain",
                        "Lag of " + application.consumerGroup().orElseThrow() + " has exceeded " + ceiling
                                + " (maxReplicaCount x lagThreshold) for 5 minutes: add partitions or capacity."));
            }
        }
        rules.add(rule("AtlasPostgresBackupMissing", "time() - kube_cronjob_status_last_successful_time{namespace=\""
                + ClusterNames.NAMESPACE + "\",cronjob=\"" + PostgresResources.BACKUP + "\"} > "
                + BACKUP_OVERDUE.toSeconds(), "5m", "critical", "no PostgreSQL backup for more than a day",
                "The daily " + PostgresResources.BACKUP + " CronJob has not succeeded for "
                        + BACKUP_OVERDUE.toHours() + " hours: a restore now would lose more than a day."));
        return prometheusRule(NAME, ClusterNames.NAMESPACE, "atlas", rules);
    }

    /** A {@code PrometheusRule} with one group of {@code rules}. */
    static GenericKubernetesResource prometheusRule(String name, String namespace, String group,
            List<Map<String, Object>> rules) {
        Map<String, Object> ruleGroup = new LinkedHashMap<>();
        ruleGroup.put("name", group);
        ruleGroup.put("rules", rules);
        return new GenericKubernetesResourceBuilder()
                .withApiVersion("monitoring.coreos.com/v1")
                .withKind("PrometheusRule")
                .withNewMetadata()
                    .withName(name)
                    .withNamespace(namespace)
                    .withLabels(AppLabels.allApplications())
                .endMetadata()
                .withAdditionalProperties(Map.of("spec", Map.of("groups", List.of(ruleGroup))))
                .build();
    }

    /** One alerting rule, its annotations linking the alert's runbook ({@link Runbooks}). */
    static Map<String, Object> rule(String alert, String expr, String duration, String severity,
            String summary, String description) {
        Map<String, Object> rule = new LinkedHashMap<>();
        rule.put("alert", alert);
        rule.put("expr", expr);
        rule.put("for", duration);
        rule.put("labels", Map.of("severity", severity));
        Map<String, Object> annotations = new LinkedHashMap<>();
        annotations.put("summary", summary);
        annotations.put("description", description);
        annotations.put(Runbooks.ANNOTATION, Runbooks.url(alert));
        rule.put("annotations", annotations);
        return rule;
    }
}
