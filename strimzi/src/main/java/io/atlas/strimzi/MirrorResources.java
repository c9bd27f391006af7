package io.atlas.strimzi;

import io.atlas.deploy.Placement;
import io.atlas.deploy.Runbooks;
import io.atlas.catalog.Topic;
import io.atlas.catalog.Topics;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.strimzi.api.kafka.model.common.CertSecretSourceBuilder;
import io.strimzi.api.kafka.model.common.metrics.JmxPrometheusExporterMetricsBuilder;
import io.strimzi.api.kafka.model.common.authentication.KafkaClientAuthenticationScramSha512Builder;
import io.strimzi.api.kafka.model.mirrormaker2.KafkaMirrorMaker2;
import io.strimzi.api.kafka.model.mirrormaker2.KafkaMirrorMaker2Builder;
import io.strimzi.api.kafka.model.mirrormaker2.KafkaMirrorMaker2ConnectorSpecBuilder;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Builds the {@code KafkaMirrorMaker2} that runs in the disaster-recovery region and copies the primary's topics
 * and consumer-group offsets into the DR cluster under the same names (identity replication), so that on failover
 * the applications start in the DR region with the same catalog and resume from translated offsets.
 *
 * <p>Not mirrored: {@code atlas.cdc.offsets}, because Debezium offsets are positions in the primary PostgreSQL's
 * WAL and mean nothing to the DR database's own replication slot; and Streams internal topics, which the DR
 * inference-stream rebuilds from the mirrored topics.
 */
public final class MirrorResources {

    public static final String NAME = "atlas-dr-mirror";

    /** The primary region's alias in MirrorMaker's configs and metrics. */
    public static final String SOURCE_ALIAS = "primary";

    /** The DR region's alias. */
    public static final String TARGET_ALIAS = "dr";

    /** The primary's external listener, as published by its load balancer in the shared DNS zone. */
    public static final String PRIMARY_EXTERNAL_BOOTSTRAP = "kafka.primary.atlas.internal:" + ClusterNames.EXTERNAL_PORT;

    /** The DR cluster's internal TLS listener, where the mirror writes. */
    public static final String DR_BOOTSTRAP = ClusterNames.DR_CLUSTER + "-kafka-bootstrap." + ClusterNames.NAMESPACE
            + ".svc:" + ClusterNames.INTERNAL_PORT;

    /** Copied from the primary's {@code atlas-cluster-ca-cert} into the DR namespace. */
    public static final String PRIMARY_CA_SECRET = "atlas-primary-cluster-ca-cert";

    /** Copied from the primary's {@code atlas-dr-mirror} user secret into the DR namespace. */
    public static final String PRIMARY_USER_SECRET = "atlas-dr-mirror-primary";

    /** The recovery point objective the mirror is alerted on: replication latency above it pages. */
    public static final int RPO_SECONDS = 5;

    public static final String METRICS_CONFIG_MAP = NAME + "-metrics";
    public static final String METRICS_KEY = "mirror-metrics-config.yml";

    /** Prometheus name of MirrorMaker's per-partition replication latency (the JMX rule below produces it). */
    public static final String REPLICATION_LATENCY_MAX =
            "kafka_connect_mirror_source_connector_replication_latency_ms_max";

    /** How often offsets and checkpoints are synchronised: bounds how far consumers rewind after failover. */
    public static final int SYNC_INTERVAL_SECONDS = 10;

    private MirrorResources() {
    }

    public static List<Topic<?, ?>> mirroredTopics() {
        return Topics.all().stream().filter(topic -> topic != Topics.CDC_OFFSETS).toList();
    }

    /** The topics pattern MirrorMaker replicates: exactly the mirrored catalog topics. */
    public static String topicsPattern() {
        return mirroredTopics().stream().map(topic -> topic.name().replace(".", "\\.")).collect(Collectors.joining("|"));
    }

    public static String groupsPattern() {
        return String.join("|", AccessControl.consumerGroups());
    }

    public static KafkaMirrorMaker2 mirror() {
        Map<String, Object> source = new LinkedHashMap<>();
        source.put("replication.factor", StorageSizing.REPLICATION_FACTOR);
        source.put("offset-syncs.topic.replication.factor", StorageSizing.REPLICATION_FACTOR);
        // Offset syncs are written to the DR cluster, so the mirror's user needs no write access on the primary.
        source.put("offset-syncs.topic.location", "target");
        source.put("sync.topic.configs.enabled", true);
        source.put("replication.policy.class", "org.apache.kafka.connect.mirror.IdentityReplicationPolicy");
        // The bridge and inference-stream write transactionally: copy only committed records, never aborted ones.
        source.put("consumer.isolation.level", "read_committed");
        source.put("producer.override.acks", "all");
        source.put("producer.override.linger.ms", 5);
        Map<String, Object> checkpoint = new LinkedHashMap<>();
        checkpoint.put("checkpoints.topic.replication.factor", StorageSizing.REPLICATION_FACTOR);
        checkpoint.put("offset-syncs.topic.location", "target");
        checkpoint.put("replication.policy.class", "org.apache.kafka.connect.mirror.IdentityReplicationPolicy");
        checkpoint.put("sync.group.offsets.enabled", true);
        checkpoint.put("sync.group.offsets.interval.seconds", SYNC_INTERVAL_SECONDS);
        checkpoint.put("emit.checkpoints.interval.seconds", SYNC_INTERVAL_SECONDS);
        Map<String, Object> target = new LinkedHashMap<>();
        target.put("config.storage.replication.factor", StorageSizing.REPLICATION_FACTOR);
        target.put("offset.storage.replication.factor", StorageSizing.REPLICATION_FACTOR);
        target.put("status.storage.replication.factor", StorageSizing.REPLICATION_FACTOR);
        return new KafkaMirrorMaker2Builder()
                .withNewMetadata()
                    .withName(NAME)
                    .withNamespace(ClusterNames.NAMESPACE)
                .endMetadata()
                .withNewSpec()
                    .withVersion(KafkaClusterResources.KAFKA_VERSION)
                    .withReplicas(3)
                    .withNewTarget()
                        .withAlias(TARGET_ALIAS)
                        .withBootstrapServers(DR_BOOTSTRAP)
                        .withGroupId(NAME)
                        .withConfigStorageTopic(NAME + ".configs")
                        .withStatusStorageTopic(NAME + ".status")
                        .withOffsetStorageTopic(NAME + ".offsets")
                        .withNewTls()
                            .withTrustedCertificates(new CertSecretSourceBuilder()
                                    .withSecretName(ClusterNames.DR_CLUSTER + "-cluster-ca-cert")
                                    .withCertificate("ca.crt").build())
                        .endTls()
                        .withAuthentication(new KafkaClientAuthenticationScramSha512Builder()
                                .withUsername(NAME)
                                .withNewPasswordSecret().withSecretName(NAME).withPassword("password")
                                .endPasswordSecret()
                                .build())
                        .withConfig(target)
                    .endTarget()
                    .addNewMirror()
                        .withNewSource()
                            .withAlias(SOURCE_ALIAS)
                            .withBootstrapServers(PRIMARY_EXTERNAL_BOOTSTRAP)
                            .withNewTls()
                                .withTrustedCertificates(new CertSecretSourceBuilder()
                                        .withSecretName(PRIMARY_CA_SECRET).withCertificate("ca.crt").build())
                            .endTls()
                            .withAuthentication(new KafkaClientAuthenticationScramSha512Builder()
                                    .withUsername(AccessControl.MIRROR_USER)
                                    .withNewPasswordSecret().withSecretName(PRIMARY_USER_SECRET)
                                    .withPassword("password").endPasswordSecret()
                                    .build())
                        .endSource()
                        .withSourceConnector(new KafkaMirrorMaker2ConnectorSpecBuilder()
                                .withTasksMax(12).withConfig(source).build())
                        .withCheckpointConnector(new KafkaMirrorMaker2ConnectorSpecBuilder()
                                .withTasksMax(1).withConfig(checkpoint).build())
                        .withTopicsPattern(topicsPattern())
                        .withGroupsPattern(groupsPattern())
                    .endMirror()
                    .withNewRack()
                        .withTopologyKey(Placement.ZONE_LABEL)
                    .endRack()
                    .withNewTemplate()
                        .withPod(KafkaClusterResources.pod(Placement.DATA, Map.of(KafkaClusterResources.COMPONENT_LABEL,
                                NAME + "-mirrormaker2")))
                    .endTemplate()
                    .withMetricsConfig(new JmxPrometheusExporterMetricsBuilder()
                            .withNewValueFrom()
                                .withNewConfigMapKeyRef(METRICS_KEY, METRICS_CONFIG_MAP, false)
                            .endValueFrom()
                            .build())
                .endSpec()
                .build();
    }

    /** The JMX exporter rules of the mirror: MirrorMaker's source and checkpoint connector metrics. */
    public static ConfigMap metricsConfigMap() {
        String rules = """
                lowercaseOutputName: true
                rules:
                - pattern: kafka.connect.mirror<type=MirrorSourceConnector, target=(.+), topic=(.+), partition=([0-9]+)><>([a-z-_]+)
                  name: kafka_connect_mirror_source_connector_$4
                  labels:
                    target: "$1"
                    topic: "$2"
                    partition: "$3"
                - pattern: kafka.connect.mirror<type=MirrorCheckpointConnector, source=(.+), target=(.+), group=(.+), topic=(.+), partition=([0-9]+)><>([a-z-_]+)
                  name: kafka_connect_mirror_checkpoint_connector_$6
                  labels:
                    source: "$1"
                    target: "$2"
                    group: "$3"
                    topic: "$4"
                    partition: "$5"
                """;
        return new ConfigMapBuilder()
                .withNewMetadata().withName(METRICS_CONFIG_MAP).withNamespace(ClusterNames.NAMESPACE).endMetadata()
                .withData(Map.of(METRICS_KEY, rules))
                .build();
    }

    /** Scrapes the mirror's JMX exporter (its connector metrics), which the RPO alert reads; runs in the DR region. */
    public static GenericKubernetesResource podMonitor() {
        return KafkaClusterResources.podMonitor(NAME, NAME, "KafkaMirrorMaker2");
    }

    /** Pages when the mirror falls further behind than the RPO: data written in that window would be lost. */
    public static GenericKubernetesResource rpoAlert() {
        String alert = "AtlasMirrorBeyondRpo";
        Map<String, Object> rule = new LinkedHashMap<>();
        rule.put("alert", alert);
        rule.put("expr", "max(" + REPLICATION_LATENCY_MAX + ") > " + RPO_SECONDS * 1000);
        rule.put("for", "2m");
        rule.put("labels", Map.of("severity", "critical"));
        Map<String, Object> annotations = new LinkedHashMap<>();
        annotations.put("summary", "DR mirror more than " + RPO_SECONDS + " s behind the primary");
        annotations.put("description", "MirrorMaker 2's replication latency has stayed above the " + RPO_SECONDS
                + " s RPO for 2 minutes: what the primary wrote in that window is not yet in the DR region.");
        annotations.put(Runbooks.ANNOTATION, Runbooks.url(alert));
        rule.put("annotations", annotations);
        Map<String, Object> group = new LinkedHashMap<>();
        group.put("name", "atlas-dr");
        group.put("rules", List.of(rule));
        return new GenericKubernetesResourceBuilder()
                .withApiVersion("monitoring.coreos.com/v1")
                .withKind("PrometheusRule")
                .withNewMetadata().withName(NAME + "-alerts").withNamespace(ClusterNames.NAMESPACE).endMetadata()
                .withAdditionalProperties(Map.of("spec", Map.of("groups", List.of(group))))
                .build();
    }
}
