package io.atlas.keda;

import io.atlas.catalog.Application;
import io.atlas.catalog.Applications;
import io.atlas.catalog.Topic;
import io.atlas.catalog.Topics;
import io.atlas.ops.OpsServer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import tools.jackson.databind.JsonNode;

/**
 * Checks rendered (or live) manifests against the catalogs in code: every consumer group is scaled on its lag, no
 * scaler may exceed the partitions of the topic it reads, every probe of an application asks a path the ops
 * server serves on the port it listens on, and every Vertical Pod Autoscaler sizes a rendered workload's containers
 * without fighting a KEDA scaler of the same workload.
 *
 * <p>Works on JSON trees, so it judges what would be applied, whatever produced it.
 */
public final class ManifestAudit {

    private static final Set<String> OPS_PATHS = Set.of(OpsServer.LIVENESS, OpsServer.READINESS, OpsServer.METRICS);

    private ManifestAudit() {
    }

    /** Every problem found in {@code documents}; empty when they agree with the catalogs. */
    public static List<String> problems(List<JsonNode> documents) {
        Map<String, JsonNode> scaledObjects = byName(documents, "ScaledObject");
        Map<String, JsonNode> deployments = byName(documents, "Deployment");
        List<String> problems = new ArrayList<>();
        for (Application application : Applications.all()) {
            if (!deployments.containsKey(application.name())) {
                problems.add(application + ": no Deployment");
            }
            application.consumerGroup().ifPresent(group -> {
                boolean scaled = scaledObjects.values().stream().flatMap(so -> triggers(so).stream())
                        .anyMatch(trigger -> "kafka".equals(trigger.path("type").asString())
                                && group.equals(trigger.path("metadata").path("consumerGroup").asString()));
                if (!scaled) {
                    problems.add(application + ": consumer group " + group + " has no ScaledObject on its lag");
                }
            });
        }
        scaledObjects.forEach((name, scaledObject) -> problems.addAll(partitionProblems(name, scaledObject,
                deployments)));
        deployments.forEach((name, deployment) -> problems.addAll(probeProblems(name, deployment)));
        Map<String, JsonNode> workloads = new TreeMap<>(deployments);
        workloads.putAll(byName(documents, "StatefulSet"));
        byName(documents, "VerticalPodAutoscaler").forEach((name, vpa) ->
                problems.addAll(vpaProblems(name, vpa, workloads, scaledObjects)));
        return problems;
    }

    /**
     * A VPA must size a rendered workload's containers, and one that changes pods must control no resource an
     * autoscaler of the same workload scales on: the HPA would read a utilisation the VPA keeps moving (raise the
     * request, utilisation drops, replicas go, per-pod usage climbs, the request rises again).
     */
    private static List<String> vpaProblems(String name, JsonNode vpa, Map<String, JsonNode> workloads,
            Map<String, JsonNode> scaledObjects) {
        List<String> problems = new ArrayList<>();
        JsonNode target = vpa.path("spec").path("targetRef");
        String kind = target.path("kind").asString("");
        if (!Set.of("Deployment", "StatefulSet").contains(kind)) {
            // Node pools and other scalable custom resources are checked where they are rendered.
            return problems;
        }
        JsonNode workload = workloads.get(target.path("name").asString(""));
        if (workload == null || !kind.equals(workload.path("kind").asString())) {
            problems.add("VerticalPodAutoscaler " + name + ": targets " + kind + " " + target.path("name").asString()
                    + ", which is not rendered");
            return problems;
        }
        Set<String> containers = new TreeSet<>();
        workload.path("spec").path("template").path("spec").path("containers")
                .forEach(container -> containers.add(container.path("name").asString()));
        Set<String> controlled = new TreeSet<>();
        for (JsonNode policy : vpa.path("spec").path("resourcePolicy").path("containerPolicies")) {
            String container = policy.path("containerName").asString("");
            if (!container.equals("*") && !containers.contains(container)) {
                problems.add("VerticalPodAutoscaler " + name + ": no container " + container + " in " + kind + " "
                        + target.path("name").asString());
            }
            policy.path("controlledResources").forEach(resource -> controlled.add(resource.asString()));
        }
        if ("Off".equals(vpa.path("spec").path("updatePolicy").path("updateMode").asString("Recreate"))) {
            return problems;
        }
        scaledObjects.forEach((scaler, scaledObject) -> {
            if (scaledObject.path("spec").path("scaleTargetRef").path("name").asString("")
                    .equals(target.path("name").asString())) {
                for (JsonNode trigger : triggers(scaledObject)) {
                    if (controlled.contains(trigger.path("type").asString())) {
                        problems.add("VerticalPodAutoscaler " + name + " controls " + trigger.path("type").asString()
                                + ", which ScaledObject " + scaler + " scales on: they would fight");
                    }
                }
            }
        });
        return problems;
    }

    /**
     * The scaler's maximum plus the replicas of the application's other, fixed Deployments (an on-demand minimum
     * beside a scaled spot Deployment) must not exceed the partitions of the topic the group reads.
     */
    private static List<String> partitionProblems(String name, JsonNode scaledObject,
            Map<String, JsonNode> deployments) {
        List<String> problems = new ArrayList<>();
        int max = scaledObject.path("spec").path("maxReplicaCount").asInt(100);
        String target = scaledObject.path("spec").path("scaleTargetRef").path("name").asString("");
        String application = application(deployments.get(target));
        int fixed = deployments.entrySet().stream().filter(d -> !d.getKey().equals(target))
                .filter(d -> application != null && application.equals(application(d.getValue())))
                .mapToInt(d -> d.getValue().path("spec").path("replicas").asInt(0)).sum();
        for (JsonNode trigger : triggers(scaledObject)) {
            if (!"kafka".equals(trigger.path("type").asString())) {
                continue;
            }
            String topicName = trigger.path("metadata").path("topic").asString("");
            Optional<Topic<?, ?>> topic = Topics.all().stream().filter(t -> t.name().equals(topicName)).findFirst();
            if (topic.isEmpty()) {
                problems.add("ScaledObject " + name + ": topic '" + topicName + "' is not in the catalog");
            } else if (max + fixed > topic.get().partitions()) {
                problems.add("ScaledObject " + name + ": maxReplicaCount " + max
                        + (fixed > 0 ? " plus " + fixed + " fixed replicas" : "") + " exceeds the "
                        + topic.get().partitions() + " partitions of " + topicName);
            }
        }
        return problems;
    }

    /** The application a Deployment runs, from its pods' name label; null when it is not a Deployment of ours. */
    private static String application(JsonNode deployment) {
        if (deployment == null) {
            return null;
        }
        return deployment.path("spec").path("template").path("metadata").path("labels").path(AppLabels.NAME)
                .asString(null);
    }

    private static List<String> probeProblems(String name, JsonNode deployment) {
        List<String> problems = new ArrayList<>();
        String label = application(deployment);
        Optional<Application> application = Applications.all().stream().filter(a -> a.name().equals(label))
                .findFirst();
        if (application.isEmpty()) {
            // The collector and Jaeger run their own health endpoints, not the ops server.
            return problems;
        }
        for (JsonNode container : deployment.path("spec").path("template").path("spec").path("containers")) {
            Map<String, Integer> ports = new TreeMap<>();
            container.path("ports").forEach(port -> ports.put(port.path("name").asString(""),
                    port.path("containerPort").asInt()));
            for (String probeName : List.of("startupProbe", "livenessProbe", "readinessProbe")) {
                JsonNode get = container.path(probeName).path("httpGet");
                if (get.isMissingNode()) {
                    problems.add("Deployment " + name + ": no " + probeName);
                    continue;
                }
                String path = get.path("path").asString("");
                if (!OPS_PATHS.contains(path)) {
                    problems.add("Deployment " + name + ": " + probeName + " asks " + path
                            + ", which the ops server does not serve");
                }
                JsonNode port = get.path("port");
                int number = port.isNumber() ? port.asInt() : ports.getOrDefault(port.asString(), -1);
                if (number != application.get().opsPort()) {
                    problems.add("Deployment " + name + ": " + probeName + " port " + port + " is not the ops port "
                            + application.get().opsPort());
                }
            }
        }
        return problems;
    }

    private static List<JsonNode> triggers(JsonNode scaledObject) {
        List<JsonNode> triggers = new ArrayList<>();
        scaledObject.path("spec").path("triggers").forEach(triggers::add);
        return triggers;
    }

    private static Map<String, JsonNode> byName(List<JsonNode> documents, String kind) {
        Map<String, JsonNode> byName = new TreeMap<>();
        documents.stream().filter(doc -> kind.equals(doc.path("kind").asString()))
                .forEach(doc -> byName.put(doc.path("metadata").path("name").asString(), doc));
        return byName;
    }
}
