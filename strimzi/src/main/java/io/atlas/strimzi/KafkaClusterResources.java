package io.atlas.strimzi;

import io.atlas.deploy.Placement;
import io.atlas.deploy.VerticalPodAutoscaler;
import io.atlas.deploy.VerticalPodAutoscaler.ContainerPolicy;
import io.atlas.deploy.VerticalPodAutoscaler.UpdateMode;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.api.model.ResourceRequirementsBuilder;
import io.strimzi.api.kafka.model.common.metrics.JmxPrometheusExporterMetricsBuilder;
import io.strimzi.api.kafka.model.common.template.PodTemplate;
import io.strimzi.api.kafka.model.common.template.PodTemplateBuilder;
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
import java.util.TreeMap;

/**
 * Builds the KRaft Kafka cluster: the {@code Kafka} resource, its node pools (three controllers spread over the
 * zones, one broker pool pinned to each zone, all on on-demand data nodes: {@link Placement#DATA}), their Vertical
 * Pod Autoscalers (recommendations only) and the JMX exporter rules it exposes to Prometheus.
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

    /** Strimzi's label naming a pod's node pool. */
    public static final String POOL_LABEL = "strimzi.io/pool-name";

    /** The container of every broker and controller pod. */
    public static final String KAFKA_CONTAINER = "kafka";

    private KafkaClusterResources() {
    }

    public static List<HasMetadata> all() {
        List<HasMetadata> resources = new ArrayList<>();
        resources.add(metricsConfigMap());
        resources.add(kafka());
        resources.add(controllers());
        for (String zone : Placement.ZONES) {
            resources.add(brokers(zone));
        }
        verticalPodAutoscalers().forEach(vpa -> resources.add(vpa.resource(Map.of(ClusterNames.CLUSTER_LABEL,
                ClusterNames.CLUSTER))));
        resources.add(podMonitor());
        return resources;
    }

    /**
     * One VPA per node pool, recommendations only ({@code Off}): Strimzi owns the pods and restarts brokers one at a
     * time for a change of {@code resources}, so a person applies a recommendation here, after comparing it with the
     * brokers' page cache needs (which a VPA does not see).
     */
    public static List<VerticalPodAutoscaler> verticalPodAutoscalers() {
        List<KafkaNodePool> pools = new ArrayList<>();
        pools.add(controllers());
        Placement.ZONES.forEach(zone -> pools.add(brokers(zone)));
        return pools.stream().map(pool -> new VerticalPodAutoscaler(VerticalPodAutoscaler.Target.of(pool),
                UpdateMode.OFF, List.of(ContainerPolicy.advise(KAFKA_CONTAINER)), false)).toList();
    }

    /** The pod template of a Strimzi component: its placement, and the zone spread of the pods it selects. */
    static PodTemplate pod(Placement placement, Map<String, String> spreadSelector) {
        return new PodTemplateBuilder()
                .withNewMetadata().withAnnotations(new TreeMap<>(placement.podAnnotations())).endMetadata()
                .withAffinity(placement.affinity())
                .withTolerations(placement.tolerations())
                .withTopologySpreadConstraints(placement.zoneSpread(spreadSelector))
                .build();
    }

    /**
     * Tells the Prometheus operator to scrape the JMX exporter of every broker and controller and the Kafka Exporter
     * (consumer-group lag): all are pods of this cluster's {@code Kafka} carrying the {@value #METRICS_PORT_NAME}
     * port. The job is the component ({@value #COMPONENT_LABEL}); Strimzi's labels are kept as metric labels.
     */
    public static GenericKubernetesResource podMonitor() {
        return podMonitor(ClusterNames.CLUSTER + "-kafka", ClusterNames.CLUSTER, "Kafka");
    }

    /** A PodMonitor scraping {@value #METRICS_PORT_NAME} of every pod of one Strimzi resource (cluster and kind). */
    static GenericKubernetesResource podMonitor(String name, String cluster, String kind) {
        Map<String, Object> endpoint = new LinkedHashMap<>();
        endpoint.put("port", METRICS_PORT_NAME);
        endpoint.put("path", "/metrics");
        endpoint.put("interval", "30s");
        endpoint.put("relabelings", List.of(new TreeMap<>(Map.of("action", "labelmap",
                "regex", "__meta_kubernetes_pod_label_(strimzi_io_.+)", "replacement", "$1"))));
        Map<String, Object> spec = new LinkedHashMap<>();
        spec.put("jobLabel", COMPONENT_LABEL);
        spec.put("selector", Map.of("matchLabels", new TreeMap<>(Map.of(
                ClusterNames.CLUSTER_LABEL, cluster, "strimzi.io/kind", kind))));
        spec.put("namespaceSelector", Map.of("matchNames", List.of(ClusterNames.NAMESPACE)));
        spec.put("podMetricsEndpoints", List.of(endpoint));
        return new GenericKubernetesResourceBuilder()
                .withApiVersion("monitoring.coreos.com/v1")
                .withKind("PodMonitor")
                .withNewMetadata()
                    .withName(name)
                    .withNamespace(ClusterNames.NAMESPACE)
                    .withLabels(Map.of(ClusterNames.CLUSTER_LABEL, cluster))
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
                    .withAnnotations(new TreeMap<>(Map.of("strimzi.io/kraft", "enabled",
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
                            .withTopologyKey(Placement.ZONE_LABEL)
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
                        .withNewTemplate()
                            .withPod(pod(Placement.DATA, Map.of(COMPONENT_LABEL,
                                    ClusterNames.CLUSTER + "-entity-operator")))
                        .endTemplate()
                    .endEntityOperator()
                    // Consumer-group lag per partition for the alerts and dashboards (KEDA queries lag itself).
                    .withNewKafkaExporter()
                        .withTopicRegex("atlas\\..*")
                        .withGroupRegex("atlas-.*")
                        .withNewTemplate()
                            .withPod(pod(Placement.DATA, Map.of(COMPONENT_LABEL,
                                    ClusterNames.CLUSTER + "-kafka-exporter")))
                        .endTemplate()
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
                        // One controller per zone: losing a zone keeps the quorum (2 of 3).
                        .withPod(pod(Placement.DATA, Map.of(POOL_LABEL, "controllers")))
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
                        .withPod(pod(Placement.DATA.inZone(zone), Map.of()))
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
                .withRequests(new TreeMap<>(Map.of("cpu", new Quantity(cpuRequest),
                        "memory", new Quantity(memoryRequest))))
                .withLimits(new TreeMap<>(Map.of("cpu", new Quantity(cpuLimit),
                        "memory", new Quantity(memoryLimit))))
                .build();
    }
}
