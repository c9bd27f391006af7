package io.atlas.strimzi;

import io.fabric8.kubernetes.api.model.AffinityBuilder;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import io.fabric8.kubernetes.api.model.NodeSelectorTermBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.api.model.ResourceRequirementsBuilder;
import io.fabric8.kubernetes.api.model.TopologySpreadConstraintBuilder;
import io.strimzi.api.kafka.model.common.metrics.JmxPrometheusExporterMetricsBuilder;
import io.strimzi.api.kafka.model.kafka.JbodStorageBuilder;
import io.strimzi.api.kafka.model.kafka.Kafka;
import io.strimzi.api.kafka.model.kafka.KafkaAuthorizationSimpleBuilder;
import io.strimzi.api.kafka.model.kafka.KafkaBuilder;
import io.strimzi.api.kafka.model.kafka.PersistentClaimStorageBuilder;
import io.strimzi.api.kafka.model.kafka.listener.GenericKafkaListenerBuilder;
import io.strimzi.api.kafka.model.kafka.listener.KafkaListenerAuthenticationScramSha512Builder;
import io.strimzi.api.kafka.model.kafka.listener.KafkaListenerType;
import io.strimzi.api.kafka.model.nodepool.KafkaNodePool;
import io.strimzi.api.kafka.model.nodepool.KafkaNodePoolBuilder;
import io.strimzi.api.kafka.model.nodepool.ProcessRoles;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds the KRaft Kafka cluster: the {@code Kafka} resource, its node pools (three controllers spread over the
 * zones, one broker pool pinned to each zone) and the JMX exporter rules it exposes to Prometheus.
 */
public final class KafkaClusterResources {

    public static final String KAFKA_VERSION = "4.1.0";
    public static final String METRICS_CONFIG_MAP = ClusterNames.CLUSTER + "-kafka-metrics";
    public static final String METRICS_KEY = "kafka-metrics-config.yml";
    public static final int CONTROLLERS = 3;
    public static final int MIN_INSYNC_REPLICAS = 2;

    /** The port Strimzi names on broker, controller and Kafka Exporter pods for Prometheus. */
    public static final String METRICS_PORT_NAME = "tcp-prometheus";

    /** Strimzi's pod label naming the component ({@code atlas-kafka}, {@code atlas-kafka-exporter}): the job. */
    public static final String COMPONENT_LABEL = "strimzi.io/name";

    private KafkaClusterResources() {
    }

    public static List<HasMetadata> all() {
        List<HasMetadata> resources = new ArrayList<>();
        resources.add(metricsConfigMap());
        resources.add(kafka());
        resources.add(controllers());
        for (String zone : ClusterNames.ZONES) {
            resources.add(brokers(zone));
        }
        resources.add(podMonitor());
        return resources;
    }

    /**
     * Tells the Prometheus operator to scrape the JMX exporter of every broker and controller and the Kafka Exporter
     * (consumer-group lag): all are pods of this cluster's {@code Kafka} carrying the {@value #METRICS_PORT_NAME}
     * port. The job is the component ({@value #COMPONENT_LABEL}); Strimzi's labels are kept as metric labels.
     */
    public static GenericKubernetesResource podMonitor() {
        Map<String, Object> endpoint = new LinkedHashMap<>();
        endpoint.put("port", METRICS_PORT_NAME);
        endpoint.put("path", "/metrics");
        endpoint.put("interval", "30s");
        endpoint.put("relabelings", List.of(new java.util.TreeMap<>(Map.of("action", "labelmap",
                "regex", "__meta_kubernetes_pod_label_(strimzi_io_.+)", "replacement", "$1"))));
        Map<String, Object> spec = new LinkedHashMap<>();
        spec.put("jobLabel", COMPONENT_LABEL);
        spec.put("selector", Map.of("matchLabels", new java.util.TreeMap<>(Map.of(
                ClusterNames.CLUSTER_LABEL, ClusterNames.CLUSTER, "strimzi.io/kind", "Kafka"))));
        spec.put("namespaceSelector", Map.of("matchNames", List.of(ClusterNames.NAMESPACE)));
        spec.put("podMetricsEndpoints", List.of(endpoint));
        return new GenericKubernetesResourceBuilder()
                .withApiVersion("monitoring.coreos.com/v1")
                .withKind("PodMonitor")
                .withNewMetadata()
                    .withName(ClusterNames.CLUSTER + "-kafka")
                    .withNamespace(ClusterNames.NAMESPACE)
                    .withLabels(Map.of(ClusterNames.CLUSTER_LABEL, ClusterNames.CLUSTER))
                .endMetadata()
                .withAdditionalProperties(Map.of("spec", spec))
                .build();
    }

    public static Kafka kafka() {
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("default.replication.factor", StorageSizing.REPLICATION_FACTOR);
        config.put("min.insync.replicas", MIN_INSYNC_REPLICAS);
        config.put("offsets.topic.replication.factor", StorageSizing.REPLICATION_FACTOR);
        config.put("transaction.state.log.replication.factor", StorageSizing.REPLICATION_FACTOR);
        config.put("transaction.state.log.min.isr", MIN_INSYNC_REPLICAS);
        // Every topic is declared in the catalog and created as a KafkaTopic; a typo must not create a new one.
        config.put("auto.create.topics.enable", false);
        // Followers in the client's zone serve reads: consumers set client.rack to their node's zone.
        config.put("replica.selector.class", "org.apache.kafka.common.replica.RackAwareReplicaSelector");
        config.put("unclean.leader.election.enable", false);
        return new KafkaBuilder()
                .withNewMetadata()
                    .withName(ClusterNames.CLUSTER)
                    .withNamespace(ClusterNames.NAMESPACE)
                    .withAnnotations(new java.util.TreeMap<>(Map.of("strimzi.io/kraft", "enabled",
                            "strimzi.io/node-pools", "enabled")))
                .endMetadata()
                .withNewSpec()
                    .withNewKafka()
                        .withVersion(KAFKA_VERSION)
                        .withListeners(
                                new GenericKafkaListenerBuilder()
                                        .withName(ClusterNames.INTERNAL_LISTENER)
                                        .withPort(ClusterNames.INTERNAL_PORT)
                                        .withType(KafkaListenerType.INTERNAL)
                                        .withTls(true)
                                        .withAuth(new KafkaListenerAuthenticationScramSha512Builder().build())
                                        .build(),
                                new GenericKafkaListenerBuilder()
                                        .withName(ClusterNames.EXTERNAL_LISTENER)
                                        .withPort(ClusterNames.EXTERNAL_PORT)
                                        .withType(KafkaListenerType.LOADBALANCER)
                                        .withTls(true)
                                        .withAuth(new KafkaListenerAuthenticationScramSha512Builder().build())
                                        .build())
                        .withAuthorization(new KafkaAuthorizationSimpleBuilder().build())
                        .withConfig(config)
                        .withNewRack()
                            .withTopologyKey(ClusterNames.ZONE_LABEL)
                        .endRack()
                        .withMetricsConfig(new JmxPrometheusExporterMetricsBuilder()
                                .withNewValueFrom()
                                    .withNewConfigMapKeyRef(METRICS_KEY, METRICS_CONFIG_MAP, false)
                                .endValueFrom()
                                .build())
                    .endKafka()
                    .withNewEntityOperator()
                        .withNewTopicOperator()
                        .endTopicOperator()
                        .withNewUserOperator()
                        .endUserOperator()
                    .endEntityOperator()
                    // Consumer-group lag per partition for the alerts and dashboards (KEDA queries lag itself).
                    .withNewKafkaExporter()
                        .withTopicRegex("atlas\\..*")
                        .withGroupRegex("atlas-.*")
                    .endKafkaExporter()
                .endSpec()
                .build();
    }

    public static KafkaNodePool controllers() {
        return new KafkaNodePoolBuilder()
                .withNewMetadata()
                    .withName("controllers")
                    .withNamespace(ClusterNames.NAMESPACE)
                    .withLabels(Map.of(ClusterNames.CLUSTER_LABEL, ClusterNames.CLUSTER))
                .endMetadata()
                .withNewSpec()
                    .withReplicas(CONTROLLERS)
                    .withRoles(ProcessRoles.CONTROLLER)
                    .withStorage(new JbodStorageBuilder().withVolumes(new PersistentClaimStorageBuilder()
                            .withId(0).withSize("20Gi").withDeleteClaim(false)
                            .build()).build())
                    .withResources(resources("1", "4Gi", "2", "4Gi"))
                    .withNewTemplate()
                        .withNewPod()
                            // One controller per zone: losing a zone keeps the quorum (2 of 3).
                            .withTopologySpreadConstraints(new TopologySpreadConstraintBuilder()
                                    .withMaxSkew(1)
                                    .withTopologyKey(ClusterNames.ZONE_LABEL)
                                    .withWhenUnsatisfiable("DoNotSchedule")
                                    .withLabelSelector(new LabelSelectorBuilder()
                                            .withMatchLabels(Map.of("strimzi.io/pool-name", "controllers"))
                                            .build())
                                    .build())
                        .endPod()
                    .endTemplate()
                .endSpec()
                .build();
    }

    /** The brokers of one zone, pinned to it so each zone holds the same share of replicas. */
    public static KafkaNodePool brokers(String zone) {
        return new KafkaNodePoolBuilder()
                .withNewMetadata()
                    .withName(brokerPool(zone))
                    .withNamespace(ClusterNames.NAMESPACE)
                    .withLabels(Map.of(ClusterNames.CLUSTER_LABEL, ClusterNames.CLUSTER))
                .endMetadata()
                .withNewSpec()
                    .withReplicas(StorageSizing.BROKERS_PER_ZONE)
                    .withRoles(ProcessRoles.BROKER)
                    .withStorage(new JbodStorageBuilder().withVolumes(new PersistentClaimStorageBuilder()
                            .withId(0).withSize(StorageSizing.brokerDiskGib() + "Gi").withDeleteClaim(false)
                            .build()).build())
                    .withResources(resources("2", "8Gi", "4", "8Gi"))
                    .withNewJvmOptions()
                        .withXms("4g")
                        .withXmx("4g")
                    .endJvmOptions()
                    .withNewTemplate()
                        .withNewPod()
                            .withAffinity(new AffinityBuilder()
                                    .withNewNodeAffinity()
                                        .withNewRequiredDuringSchedulingIgnoredDuringExecution()
                                            .withNodeSelectorTerms(new NodeSelectorTermBuilder()
                                                    .addNewMatchExpression()
                                                        .withKey(ClusterNames.ZONE_LABEL)
                                                        .withOperator("In")
                                                        .withValues(zone)
                                                    .endMatchExpression()
                                                    .build())
                                        .endRequiredDuringSchedulingIgnoredDuringExecution()
                                    .endNodeAffinity()
                                    .build())
                        .endPod()
                    .endTemplate()
                .endSpec()
                .build();
    }

    public static String brokerPool(String zone) {
        return "brokers-" + zone.substring(zone.length() - 1);
    }

    public static ConfigMap metricsConfigMap() {
        return new ConfigMapBuilder()
                .withNewMetadata()
                    .withName(METRICS_CONFIG_MAP)
                    .withNamespace(ClusterNames.NAMESPACE)
                .endMetadata()
                .withData(Map.of(METRICS_KEY, JmxExporterRules.YAML))
                .build();
    }

    private static ResourceRequirements resources(String cpuRequest, String memoryRequest, String cpuLimit,
            String memoryLimit) {
        return new ResourceRequirementsBuilder()
                .withRequests(new java.util.TreeMap<>(Map.of("cpu", new Quantity(cpuRequest),
                        "memory", new Quantity(memoryRequest))))
                .withLimits(new java.util.TreeMap<>(Map.of("cpu", new Quantity(cpuLimit),
                        "memory", new Quantity(memoryLimit))))
                .build();
    }
}
