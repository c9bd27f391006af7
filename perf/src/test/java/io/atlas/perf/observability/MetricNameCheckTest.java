package io.atlas.perf.observability;

import static org.assertj.core.api.Assertions.assertThat;

import io.atlas.perf.observability.MetricNameCheck.Query;
import io.atlas.perf.observability.MetricSelectors.Selector;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class MetricNameCheckTest {

    static final MetricNameCheck CHECK = new MetricNameCheck(Set.of("atlas_gateway_connections",
            "atlas_ingest_bridge_dead_letters_total", "atlas_gateway_latency_seconds_bucket"),
            ExternalExporters.all());

    static List<String> names(String expr) {
        return MetricSelectors.of(expr).stream().map(Selector::toString).toList();
    }

    @Test
    void shouldFindTheMetricsInsideFunctionsAggregationsAndRanges() {
        assertThat(names("histogram_quantile(0.95, sum by (le) (rate(atlas_gateway_latency_seconds_bucket"
                + "{namespace=\"atlas\"}[5m]))) > 2")).containsExactly("atlas_gateway_latency_seconds_bucket");
        assertThat(names("(sum(up{namespace=\"atlas\",job=\"ingest-bridge\"}) or vector(0)) < 1"))
                .containsExactly("up");
        assertThat(names("max by (pod, container) (container_memory_working_set_bytes{container=~\"a|b\"}) / "
                + "max by (pod, container) (kube_pod_container_resource_limits{resource=\"memory\"}) > 0.8"))
                .containsExactly("container_memory_working_set_bytes", "kube_pod_container_resource_limits");
    }

    @Test
    void shouldReadBareSelectorsAndSkipLabelListsKeywordsAndDurations() {
        assertThat(names("atlas_gateway_connections")).containsExactly("atlas_gateway_connections");
        assertThat(names("a_total offset 5m and on(job, pod) group_left(zone) b_info unless c"))
                .containsExactly("a_total", "b_info", "c");
        assertThat(names("sum without (instance) (rate(x_total[1m:10s])) * 1e3")).containsExactly("x_total");
        assertThat(names("vector(1400)")).isEmpty();
    }

    @Test
    void shouldReadANameMatcherAsTheSelectedName() {
        assertThat(names("sum by (application) (rate({__name__=~\"atlas_.*_dead_letters_total\",namespace=\"atlas\"}"
                + "[1m]))")).containsExactly("{__name__=~\"atlas_.*_dead_letters_total\"}");
        assertThat(names("{__name__=\"up\"}")).containsExactly("up");
        assertThat(names("foo{label=\"{not a selector}\"}")).containsExactly("foo");
    }

    @Test
    void shouldRejectAMisspeltMetricNamingTheRuleAndTheMetric() {
        List<String> problems = CHECK.problems(List.of(
                new Query("50-alerts.yaml PrometheusRule atlas-alerts, alert AtlasFixture",
                        "sum(atlas_gateway_conections{namespace=\"atlas\"}) > 1"),
                new Query("60-dashboards.yaml ConfigMap dashboard-fixture, panel 'Connections' A",
                        "sum(atlas_gateway_connections)")));

        assertThat(problems).containsExactly("50-alerts.yaml PrometheusRule atlas-alerts, alert AtlasFixture: metric "
                + "atlas_gateway_conections is registered by no Atlas service and provided by no declared exporter");
    }

    @Test
    void shouldRejectANameRegexMatchingNothingAndAcceptOneMatchingARegisteredName() {
        assertThat(CHECK.problems(List.of(new Query("panel fixture", "rate({__name__=~\"atlas_.*_dead_lettres_total\"}"
                + "[1m])")))).singleElement().asString().contains("dead_lettres");
        assertThat(CHECK.problems(List.of(new Query("panel fixture", "rate({__name__=~\"atlas_.*_dead_letters_total\"}"
                + "[1m])")))).isEmpty();
    }

    @Test
    void shouldAcceptExporterNamesOnlyAsTheirRulesProduceThem() {
        assertThat(CHECK.problems(List.of(new Query("rule",
                "rate(kafka_server_brokertopicmetrics_messagesinpersec_total{topic=\"atlas.ticks\"}[2m])"),
                new Query("rule", "kafka_consumergroup_lag > 1"),
                new Query("rule", "kube_deployment_status_replicas")))).isEmpty();
        assertThat(CHECK.problems(List.of(new Query("rule", "kafka_server_brokertopicmetrics_messagesinpersec"),
                new Query("rule", "kafka_consumergroup_lagg")))).hasSize(2);
    }

    @Test
    void shouldFindAQueryInEveryRenderedRulePanelAndTrigger() {
        List<Query> queries = RenderedQueries.all();

        assertThat(queries).extracting(Query::source)
                .anySatisfy(source -> assertThat(source).contains("alert AtlasServiceDown"))
                .anySatisfy(source -> assertThat(source).contains("panel 'Latency per hop p99 (s)'"))
                .anySatisfy(source -> assertThat(source).contains("ScaledObject ws-gateway, prometheus trigger"))
                .anySatisfy(source -> assertThat(source).contains("90-dr-mirror.yaml"));
        assertThat(queries).allSatisfy(query -> assertThat(query.expr()).isNotBlank());
    }
}
