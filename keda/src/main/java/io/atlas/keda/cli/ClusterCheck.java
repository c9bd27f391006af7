package io.atlas.keda.cli;

import io.atlas.catalog.Topic;
import io.atlas.catalog.Topics;
import io.atlas.deploy.StrictSchemas;
import io.atlas.strimzi.ClusterNames;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import tools.jackson.databind.JsonNode;

/**
 * Checks a live cluster against the deployment: every resource present, the Kafka cluster, topics and users Ready,
 * every Deployment with ready replicas, every ScaledObject Ready, and every topic's partitions and configs equal to
 * the catalog's.
 */
public final class ClusterCheck {

    private static final List<String> NEED_READY = List.of("Kafka", "KafkaTopic", "KafkaUser", "ScaledObject");

    private final KubernetesClient client;

    public ClusterCheck(KubernetesClient client) {
        this.client = client;
    }

    /** Every problem found; empty when the cluster runs the deployment as rendered. */
    public List<String> problems(List<HasMetadata> desired) {
        List<String> problems = new ArrayList<>();
        for (HasMetadata resource : desired) {
            String id = resource.getKind() + " " + resource.getMetadata().getNamespace() + "/"
                    + resource.getMetadata().getName();
            HasMetadata live = client.resource(resource).get();
            if (live == null) {
                problems.add(id + ": missing");
                continue;
            }
            JsonNode tree = StrictSchemas.toTree(live);
            if (NEED_READY.contains(resource.getKind()) && !conditionTrue(tree, "Ready")) {
                problems.add(id + ": not Ready");
            }
            if (resource.getKind().equals("Deployment") && tree.path("status").path("readyReplicas").asInt(0) < 1) {
                problems.add(id + ": no ready replica");
            }
        }
        problems.addAll(topicProblems());
        return problems;
    }

    private List<String> topicProblems() {
        List<String> problems = new ArrayList<>();
        Map<String, JsonNode> live = new TreeMap<>();
        for (GenericKubernetesResource topic : client.genericKubernetesResources("kafka.strimzi.io/v1", "KafkaTopic")
                .inNamespace(ClusterNames.NAMESPACE).list().getItems()) {
            JsonNode spec = StrictSchemas.toTree(topic).path("spec");
            live.put(spec.path("topicName").asString(topic.getMetadata().getName()), spec);
        }
        for (Topic<?, ?> topic : Topics.all()) {
            JsonNode spec = live.get(topic.name());
            if (spec == null) {
                continue;
            }
            if (spec.path("partitions").asInt() != topic.partitions()) {
                problems.add("topic " + topic.name() + ": " + spec.path("partitions").asInt() + " partitions, catalog "
                        + topic.partitions());
            }
            Map<String, String> configs = new TreeMap<>();
            spec.path("config").properties().forEach(e -> configs.put(e.getKey(), e.getValue().asString()));
            if (!configs.equals(new TreeMap<>(topic.configs()))) {
                problems.add("topic " + topic.name() + ": configs " + configs + ", catalog "
                        + new TreeMap<>(topic.configs()));
            }
        }
        return problems;
    }

    private static boolean conditionTrue(JsonNode resource, String type) {
        for (JsonNode condition : resource.path("status").path("conditions")) {
            if (type.equals(condition.path("type").asString()) && "True".equals(condition.path("status").asString())) {
                return true;
            }
        }
        return false;
    }
}
