package io.atlas.keda;

import static org.assertj.core.api.Assertions.assertThat;

import io.atlas.catalog.Applications;
import io.atlas.deploy.SchemaFolder;
import io.atlas.deploy.StrictSchemas;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

class AlertRulesTest {

    static JsonNode rules() {
        return StrictSchemas.toTree(AlertRules.prometheusRule()).path("spec").path("groups").get(0).path("rules");
    }

    static List<JsonNode> named(String alert) {
        List<JsonNode> found = new java.util.ArrayList<>();
        rules().forEach(rule -> {
            if (alert.equals(rule.path("alert").asString())) {
                found.add(rule);
            }
        });
        return found;
    }

    @Test
    void shouldCarryTheSeedsFourAlertsWithTheirDurations() {
        assertThat(named("AtlasServiceDown")).hasSize(Applications.all().size())
                .allSatisfy(rule -> assertThat(rule.path("for").asString()).isEqualTo("1m"));
        assertThat(named("AtlasLatencyHigh")).singleElement().satisfies(rule -> {
            assertThat(rule.path("for").asString()).isEqualTo("5m");
            assertThat(rule.path("expr").asString()).contains("histogram_quantile(0.95")
                    .contains(AlertRules.END_TO_END_LATENCY_BUCKET).endsWith("> 2");
        });
        assertThat(named("AtlasMemoryHigh")).singleElement().satisfies(rule -> {
            assertThat(rule.path("for").asString()).isEqualTo("5m");
            assertThat(rule.path("expr").asString()).endsWith("> 0.8");
        });
        assertThat(named("AtlasErrorRateHigh")).singleElement().satisfies(rule -> {
            assertThat(rule.path("for").asString()).isEqualTo("2m");
            assertThat(rule.path("expr").asString()).endsWith("> 0.001");
        });
    }

    @Test
    void shouldAlertWhenLagExceedsWhatTheMaximumReplicasDrain() {
        assertThat(named("AtlasLagBeyondScaling")).extracting(rule -> rule.path("expr").asString())
                .containsExactly(
                        "sum(kafka_consumergroup_lag{consumergroup=\"atlas-ingest-bridge\",topic=\"atlas.ticks.raw\"}) > "
                                + Throughput.lagThreshold(Applications.INGEST_BRIDGE) * 12,
                        "sum(kafka_consumergroup_lag{consumergroup=\"atlas-inference\",topic=\"atlas.ticks\"}) > "
                                + Throughput.lagThreshold(Applications.INFERENCE_STREAM) * 12);
    }

    @Test
    void shouldPageWhenNoBackupHasSucceededForADayAndTwoHours() {
        assertThat(named("AtlasPostgresBackupMissing")).singleElement().satisfies(rule -> assertThat(
                rule.path("expr").asString()).isEqualTo("time() - kube_cronjob_status_last_successful_time{namespace="
                        + "\"atlas\",cronjob=\"" + PostgresResources.BACKUP + "\"} > " + 26 * 3600));
    }

    @Test
    void shouldPageWhenNoWeeklyDrValidationHasPassedForAWeek() {
        JsonNode rule = StrictSchemas.toTree(DrValidation.alerts()).path("spec").path("groups").get(0).path("rules")
                .get(0);

        assertThat(rule.path("alert").asString()).isEqualTo("AtlasDrValidationFailed");
        assertThat(rule.path("expr").asString()).contains("cronjob=\"" + DrValidation.NAME + "\"")
                .endsWith("> " + (7 * 24 + 1) * 3600);
    }

    @Test
    void shouldRejectADurationPrometheusCannotParse() {
        ObjectNode rule = (ObjectNode) StrictSchemas.toTree(AlertRules.prometheusRule());
        ((ObjectNode) rule.path("spec").path("groups").get(0).path("rules").get(0)).put("for", "1 minute");

        assertThat(StrictSchemas.load(SchemaFolder.locate()).validate(rule))
                .anySatisfy(error -> assertThat(error).contains("/for"));
    }

    @Test
    void shouldRejectAnUnknownRuleFieldStrictly() {
        ObjectNode rule = (ObjectNode) StrictSchemas.toTree(AlertRules.prometheusRule());
        ((ObjectNode) rule.path("spec").path("groups").get(0).path("rules").get(0)).put("severity", "critical");

        assertThat(StrictSchemas.load(SchemaFolder.locate()).validate(rule))
                .anySatisfy(error -> assertThat(error).contains("severity"));
    }
}
