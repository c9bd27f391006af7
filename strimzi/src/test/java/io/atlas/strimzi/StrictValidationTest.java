package io.atlas.strimzi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.atlas.catalog.Topics;
import io.atlas.deploy.SchemaFolder;
import io.atlas.deploy.StrictSchemas;
import io.strimzi.api.kafka.model.topic.KafkaTopic;
import io.strimzi.api.kafka.model.topic.KafkaTopicBuilder;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.ObjectNode;

/** Shows the strict validation catching real mistakes in resources the generator could produce. */
class StrictValidationTest {

    static StrictSchemas schemas;

    @BeforeAll
    static void loadSchemas() {
        schemas = StrictSchemas.load(SchemaFolder.locate());
    }

    @Test
    void shouldFailClearlyWhenTheSchemasAreAbsent() {
        String previous = System.getProperty(SchemaFolder.PROPERTY);
        System.setProperty(SchemaFolder.PROPERTY, "/nonexistent/k8s-schemas");
        try {
            assertThatThrownBy(SchemaFolder::locate).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining(SchemaFolder.PROPERTY).hasMessageContaining("/nonexistent/k8s-schemas");
        } finally {
            if (previous == null) {
                System.clearProperty(SchemaFolder.PROPERTY);
            } else {
                System.setProperty(SchemaFolder.PROPERTY, previous);
            }
        }
    }

    @Test
    void shouldAcceptACatalogTopic() {
        assertThat(schemas.validate(TopicResources.topic(Topics.TICKS))).isEmpty();
    }

    @Test
    void shouldRejectATopicWithZeroPartitions() {
        KafkaTopic topic = new KafkaTopicBuilder(TopicResources.topic(Topics.TICKS)).editSpec().withPartitions(0)
                .endSpec().build();

        assertThat(schemas.validate(topic)).anySatisfy(error -> assertThat(error).contains("/spec/partitions"));
    }

    @Test
    void shouldRejectAnUnknownField() {
        ObjectNode kafka = (ObjectNode) StrictSchemas.toTree(KafkaClusterResources.kafka());
        ((ObjectNode) kafka.path("spec").path("kafka")).put("replicationFactor", 3);

        assertThat(schemas.validate(kafka)).anySatisfy(error -> assertThat(error).contains("replicationFactor"));
    }

    @Test
    void shouldRejectAnUnknownFieldInAStrictCoreKind() {
        ObjectNode configMap = (ObjectNode) StrictSchemas.toTree(KafkaClusterResources.metricsConfigMap());
        configMap.put("dataa", "typo");

        assertThat(schemas.validate(configMap)).anySatisfy(error -> assertThat(error).contains("dataa"));
    }

    @Test
    void shouldRejectAKindItHasNoSchemaFor() {
        ObjectNode unknown = (ObjectNode) StrictSchemas.toTree(KafkaClusterResources.metricsConfigMap());
        unknown.put("kind", "KafkaTopc");

        assertThat(schemas.validate(unknown)).containsExactly("no schema for v1 KafkaTopc");
    }

    @Test
    void shouldRejectAnUnknownAclOperation() {
        ObjectNode user = (ObjectNode) StrictSchemas.toTree(UserResources.all().get(0));
        ((ObjectNode) user.path("spec").path("authorization").path("acls").get(0)).putArray("operations")
                .add("Everything");

        assertThat(schemas.validate(user)).anySatisfy(error -> assertThat(error).contains("operations"));
    }

    @Test
    void shouldKnowThePrometheusOperatorsKinds() {
        assertThat(schemas.kinds()).contains("monitoring.coreos.com/v1 PrometheusRule",
                "monitoring.coreos.com/v1 ServiceMonitor", "monitoring.coreos.com/v1 PodMonitor");
    }

    @Test
    void shouldRejectAPodMonitorEndpointWithAnUnknownField() {
        assertThat(schemas.validate(KafkaClusterResources.podMonitor())).isEmpty();
        ObjectNode monitor = (ObjectNode) StrictSchemas.toTree(KafkaClusterResources.podMonitor());
        ((ObjectNode) monitor.path("spec").path("podMetricsEndpoints").get(0)).put("targetPortName", "tcp");

        assertThat(schemas.validate(monitor)).anySatisfy(error -> assertThat(error).contains("targetPortName"));
    }

    @Test
    void shouldAcceptTheNodePoolsVerticalPodAutoscalers() {
        KafkaClusterResources.verticalPodAutoscalers().forEach(vpa ->
                assertThat(schemas.validate(vpa.resource(Map.of()))).as(vpa.name()).isEmpty());
    }

    @Test
    void shouldRejectAnUpdateModeTheVpaDoesNotKnow() {
        ObjectNode vpa = (ObjectNode) StrictSchemas.toTree(
                KafkaClusterResources.verticalPodAutoscalers().get(0).resource(Map.of()));
        ((ObjectNode) vpa.path("spec").path("updatePolicy")).put("updateMode", "Manual");

        assertThat(schemas.validate(vpa)).anySatisfy(error -> assertThat(error).contains("/spec/updatePolicy/updateMode"));
    }

    @Test
    void shouldRejectAnUnknownFieldInAContainerPolicy() {
        ObjectNode vpa = (ObjectNode) StrictSchemas.toTree(
                KafkaClusterResources.verticalPodAutoscalers().get(0).resource(Map.of()));
        ((ObjectNode) vpa.path("spec").path("resourcePolicy").path("containerPolicies").get(0))
                .put("controlledResource", "cpu");

        assertThat(schemas.validate(vpa)).anySatisfy(error -> assertThat(error).contains("controlledResource"));
    }

    @Test
    void shouldRejectAMisspeltTolerationInANodePoolTemplate() {
        ObjectNode pool = (ObjectNode) StrictSchemas.toTree(KafkaClusterResources.brokers("eu-west-1a"));
        ((ObjectNode) pool.path("spec").path("template").path("pod").path("tolerations").get(0))
                .put("efect", "NoSchedule");

        assertThat(schemas.validate(pool)).anySatisfy(error -> assertThat(error).contains("efect"));
    }
}
