package io.atlas.keda;

import io.atlas.catalog.Application;
import io.atlas.catalog.Applications;
import io.atlas.strimzi.AccessControl;
import io.atlas.strimzi.ClusterNames;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Builds the KEDA resources: a {@code ScaledObject} per lag-scaled consumer group (Kafka trigger, SASL/TLS through
 * a {@code TriggerAuthentication} as its own least-privilege Kafka user) and one for the gateway on connections per
 * pod (Prometheus trigger), all with the seed's HPA behaviour.
 *
 * <p>For an application whose replicas above the minimum run on spot ({@link Replicas#spotAboveMinimum()}) the
 * ScaledObject drives the spot Deployment from zero, on what the on-demand minimum cannot take: a
 * {@code scalingModifiers} formula subtracts the minimum's share ({@code min x target}) from the trigger's value, so
 * both Deployments together run as many replicas as one Deployment scaled between min and max would.
 */
public final class ScalerResources {

    public static final String API_VERSION = "keda.sh/v1alpha1";
    public static final String KAFKA_AUTH = "atlas-kafka-scaler";
    public static final String KAFKA_AUTH_SETTINGS = "atlas-kafka-scaler-settings";
    public static final String PROMETHEUS_ADDRESS = "http://prometheus-operated." + ClusterNames.MONITORING_NAMESPACE
            + ".svc:9090";

    /** Scale up by at most 50% or 2 pods (whichever is more) per minute. */
    public static final int UP_PERCENT = 50;
    public static final int UP_PODS = 2;
    /** Scale down by at most 10% or 1 pod per minute, after 10 minutes of lower demand. */
    public static final int DOWN_PERCENT = 10;
    public static final int DOWN_PODS = 1;
    public static final int PERIOD_SECONDS = 60;
    public static final int DOWN_STABILIZATION_SECONDS = 600;
    public static final int POLLING_SECONDS = 15;

    /** Trigger names: identifiers, because a {@code scalingModifiers} formula refers to them. */
    public static final String LAG_TRIGGER = "lag";
    public static final String CONNECTIONS_TRIGGER = "connections";

    private ScalerResources() {
    }

    public static List<HasMetadata> all() {
        List<HasMetadata> resources = new ArrayList<>();
        resources.add(kafkaAuthSettings());
        resources.add(kafkaTriggerAuthentication());
        for (Application application : Applications.all()) {
            if (application.scaling() instanceof Application.Scaling.ConsumerLag) {
                resources.add(lagScaledObject(application));
            } else if (application.scaling() instanceof Application.Scaling.PerPodGauge) {
                resources.add(connectionsScaledObject(application));
            }
        }
        return resources;
    }

    /** The non-secret half of the scaler's connection settings. */
    public static ConfigMap kafkaAuthSettings() {
        Map<String, String> data = new TreeMap<>();
        data.put("sasl", "scram_sha512");
        data.put("tls", "enable");
        data.put("username", AccessControl.KEDA_SCALER_USER);
        return new ConfigMapBuilder()
                .withNewMetadata().withName(KAFKA_AUTH_SETTINGS).withNamespace(ClusterNames.NAMESPACE).endMetadata()
                .withData(data)
                .build();
    }

    /** The scaler's password (from its KafkaUser's secret) and the cluster CA, so it speaks SASL_SSL. */
    public static GenericKubernetesResource kafkaTriggerAuthentication() {
        Map<String, Object> spec = new LinkedHashMap<>();
        spec.put("configMapTargetRef", List.of(
                ref("sasl", KAFKA_AUTH_SETTINGS, "sasl"),
                ref("tls", KAFKA_AUTH_SETTINGS, "tls"),
                ref("username", KAFKA_AUTH_SETTINGS, "username")));
        spec.put("secretTargetRef", List.of(
                ref("password", ClusterNames.userSecret(AccessControl.KEDA_SCALER_USER), "password"),
                ref("ca", ClusterNames.clusterCaSecret(), "ca.crt")));
        return keda("TriggerAuthentication", KAFKA_AUTH, spec);
    }

    public static GenericKubernetesResource lagScaledObject(Application application) {
        Application.Scaling.ConsumerLag lag = (Application.Scaling.ConsumerLag) application.scaling();
        Map<String, Object> metadata = new LinkedHashMap<>();
        metadata.put("bootstrapServers", ClusterNames.internalBootstrap());
        metadata.put("consumerGroup", application.consumerGroup().orElseThrow());
        metadata.put("topic", lag.topic().name());
        metadata.put("lagThreshold", Long.toString(Throughput.lagThreshold(application)));
        metadata.put("activationLagThreshold", Long.toString(Throughput.activationLagThreshold(application)));
        // As the applications: a new group starts from the earliest record, so nothing is skipped, and its lag counts.
        metadata.put("offsetResetPolicy", "earliest");
        // Never count more consumers than partitions: idle members would not drain anything.
        metadata.put("allowIdleConsumers", "false");
        metadata.put("scaleToZeroOnInvalidOffset", "false");
        Map<String, Object> trigger = new LinkedHashMap<>();
        trigger.put("type", "kafka");
        trigger.put("name", LAG_TRIGGER);
        trigger.put("metadata", metadata);
        trigger.put("authenticationRef", Map.of("name", KAFKA_AUTH));
        return scaledObject(application, trigger, Throughput.lagThreshold(application));
    }

    public static GenericKubernetesResource connectionsScaledObject(Application application) {
        Application.Scaling.PerPodGauge gauge = (Application.Scaling.PerPodGauge) application.scaling();
        Map<String, Object> metadata = new LinkedHashMap<>();
        metadata.put("serverAddress", PROMETHEUS_ADDRESS);
        metadata.put("query", "sum(" + gauge.prometheusName() + "{namespace=\"" + ClusterNames.NAMESPACE
                + "\",application=\"" + application.name() + "\"})");
        metadata.put("threshold", Long.toString(Throughput.connectionsPerPod()));
        Map<String, Object> trigger = new LinkedHashMap<>();
        trigger.put("type", "prometheus");
        trigger.put("name", CONNECTIONS_TRIGGER);
        trigger.put("metadata", metadata);
        return scaledObject(application, trigger, Throughput.connectionsPerPod());
    }

    private static GenericKubernetesResource scaledObject(Application application, Map<String, Object> trigger,
            long targetPerReplica) {
        Replicas replicas = Replicas.of(application);
        Map<String, Object> spec = new LinkedHashMap<>();
        spec.put("scaleTargetRef", Map.of("name", WorkloadResources.scaledDeployment(application)));
        spec.put("pollingInterval", POLLING_SECONDS);
        if (replicas.spotAboveMinimum()) {
            // Back to zero spot replicas only as slowly as the HPA scales down.
            spec.put("cooldownPeriod", DOWN_STABILIZATION_SECONDS);
        }
        spec.put("minReplicaCount", replicas.scaledMin());
        spec.put("maxReplicaCount", replicas.scaledMax());
        // If the scaler cannot read lag, hold a middle size rather than freeze at whatever it was.
        Map<String, Object> fallback = new LinkedHashMap<>();
        fallback.put("failureThreshold", 3);
        fallback.put("replicas", Math.max(replicas.min(), replicas.max() / 2) - replicas.baseline());
        spec.put("fallback", fallback);
        Map<String, Object> advanced = new LinkedHashMap<>();
        advanced.put("horizontalPodAutoscalerConfig", Map.of("behavior", behavior()));
        if (replicas.spotAboveMinimum()) {
            advanced.put("scalingModifiers", beyondBaseline(trigger.get("name").toString(),
                    replicas.baseline() * targetPerReplica, targetPerReplica));
        }
        spec.put("advanced", advanced);
        spec.put("triggers", List.of(trigger));
        return keda("ScaledObject", application.name(), spec);
    }

    /**
     * The trigger's value less what the on-demand minimum takes ({@code covered}), never below zero, with the
     * trigger's own per-replica target: the spot Deployment gets the replicas one Deployment would have above the
     * minimum, and none (KEDA deactivates it) while the minimum copes.
     */
    static Map<String, Object> beyondBaseline(String trigger, long covered, long targetPerReplica) {
        Map<String, Object> modifiers = new LinkedHashMap<>();
        modifiers.put("formula", trigger + " > " + covered + " ? " + trigger + " - " + covered + " : 0");
        modifiers.put("target", Long.toString(targetPerReplica));
        modifiers.put("activationTarget", "0");
        modifiers.put("metricType", "AverageValue");
        return modifiers;
    }

    /** The seed's behaviour: quick but bounded scale-up, slow scale-down after 10 minutes of lower demand. */
    public static Map<String, Object> behavior() {
        Map<String, Object> up = new LinkedHashMap<>();
        up.put("stabilizationWindowSeconds", 0);
        up.put("selectPolicy", "Max");
        up.put("policies", List.of(policy("Percent", UP_PERCENT), policy("Pods", UP_PODS)));
        Map<String, Object> down = new LinkedHashMap<>();
        down.put("stabilizationWindowSeconds", DOWN_STABILIZATION_SECONDS);
        down.put("selectPolicy", "Max");
        down.put("policies", List.of(policy("Percent", DOWN_PERCENT), policy("Pods", DOWN_PODS)));
        Map<String, Object> behavior = new LinkedHashMap<>();
        behavior.put("scaleUp", up);
        behavior.put("scaleDown", down);
        return behavior;
    }

    private static Map<String, Object> policy(String type, int value) {
        Map<String, Object> policy = new LinkedHashMap<>();
        policy.put("type", type);
        policy.put("value", value);
        policy.put("periodSeconds", PERIOD_SECONDS);
        return policy;
    }

    private static Map<String, Object> ref(String parameter, String name, String key) {
        Map<String, Object> ref = new LinkedHashMap<>();
        ref.put("parameter", parameter);
        ref.put("name", name);
        ref.put("key", key);
        return ref;
    }

    private static GenericKubernetesResource keda(String kind, String name, Map<String, Object> spec) {
        return new GenericKubernetesResourceBuilder()
                .withApiVersion(API_VERSION)
                .withKind(kind)
                .withNewMetadata()
                    .withName(name)
                    .withNamespace(ClusterNames.NAMESPACE)
                .endMetadata()
                .withAdditionalProperties(Map.of("spec", spec))
                .build();
    }
}
