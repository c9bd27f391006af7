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
        trigger.put("name", "lag-" + lag.topic().name().replace('.', '-'));
        trigger.put("metadata", metadata);
        trigger.put("authenticationRef", Map.of("name", KAFKA_AUTH));
        return scaledObject(application, trigger);
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
        trigger.put("name", "connections");
        trigger.put("metadata", metadata);
        return scaledObject(application, trigger);
    }

    private static GenericKubernetesResource scaledObject(Application application, Map<String, Object> trigger) {
        Replicas replicas = Replicas.of(application);
        Map<String, Object> spec = new LinkedHashMap<>();
        spec.put("scaleTargetRef", Map.of("name", application.name()));
        spec.put("pollingInterval", POLLING_SECONDS);
        spec.put("minReplicaCount", replicas.min());
        spec.put("maxReplicaCount", replicas.max());
        // If the scaler cannot read lag, hold a middle size rather than freeze at whatever it was.
        Map<String, Object> fallback = new LinkedHashMap<>();
        fallback.put("failureThreshold", 3);
        fallback.put("replicas", Math.max(replicas.min(), replicas.max() / 2));
        spec.put("fallback", fallback);
        spec.put("advanced", Map.of("horizontalPodAutoscalerConfig", Map.of("behavior", behavior())));
        spec.put("triggers", List.of(trigger));
        return keda("ScaledObject", application.name(), spec);
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
