package io.atlas.strimzi;

import io.atlas.catalog.Application;
import io.atlas.catalog.Applications;
import io.atlas.catalog.Topic;
import io.atlas.catalog.Topics;
import io.strimzi.api.kafka.model.user.acl.AclOperation;
import io.strimzi.api.kafka.model.user.acl.AclResourcePatternType;
import io.strimzi.api.kafka.model.user.acl.AclRule;
import io.strimzi.api.kafka.model.user.acl.AclRuleBuilder;
import io.strimzi.api.kafka.model.user.acl.AclRuleClusterResourceBuilder;
import io.strimzi.api.kafka.model.user.acl.AclRuleGroupResourceBuilder;
import io.strimzi.api.kafka.model.user.acl.AclRuleTopicResourceBuilder;
import io.strimzi.api.kafka.model.user.acl.AclRuleTransactionalIdResourceBuilder;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Derives least-privilege ACLs from the application catalog: each principal may do exactly what its code does.
 *
 * <ul>
 *   <li>topics read: {@code Read}, {@code Describe}; topics written: {@code Write}, {@code Describe} (since Kafka 3.0
 *       {@code Write} also allows idempotent production, so no cluster {@code IdempotentWrite});</li>
 *   <li>its consumer group: {@code Read} (join, fetch and commit offsets);</li>
 *   <li>its transactional id prefix: {@code Write}, {@code Describe};</li>
 *   <li>Kafka Streams internal topics (prefix): {@code Create}, {@code Delete} (purging repartition topics),
 *       {@code DescribeConfigs} (Streams checks their configs at start), {@code Read}, {@code Write},
 *       {@code Describe}.</li>
 * </ul>
 */
public final class AccessControl {

    /** The KEDA Kafka scaler's user: reads the committed and end offsets of the scaled groups, nothing more. */
    public static final String KEDA_SCALER_USER = "keda-kafka-scaler";

    /** The DR mirror's user on this cluster: reads the mirrored topics and the groups' offsets. */
    public static final String MIRROR_USER = "atlas-dr-mirror";

    /** Outside tick producers on the external listener: may only append raw ticks. */
    public static final String EDGE_PRODUCER_USER = "atlas-edge-producer";

    /** The roll-forward after a PostgreSQL restore: reads what CDC published; reads and moves CDC's position. */
    public static final String CDC_RESTORE_USER = "atlas-cdc-restore";

    private static final Set<AclOperation> STREAMS_INTERNAL = EnumSet.of(AclOperation.CREATE, AclOperation.DELETE,
            AclOperation.DESCRIBECONFIGS, AclOperation.READ, AclOperation.WRITE, AclOperation.DESCRIBE);

    private AccessControl() {
    }

    /** The ACLs of one application, topics in catalog order, then group, transactions and internal topics. */
    public static List<AclRule> acls(Application application) {
        Map<Topic<?, ?>, Set<AclOperation>> byTopic = new LinkedHashMap<>();
        for (Topic<?, ?> topic : Topics.all()) {
            Set<AclOperation> operations = EnumSet.noneOf(AclOperation.class);
            if (application.reads().contains(topic)) {
                operations.addAll(List.of(AclOperation.READ, AclOperation.DESCRIBE));
            }
            if (application.writes().contains(topic)) {
                operations.addAll(List.of(AclOperation.WRITE, AclOperation.DESCRIBE));
            }
            if (!operations.isEmpty()) {
                byTopic.put(topic, operations);
            }
        }
        List<AclRule> rules = new ArrayList<>();
        byTopic.forEach((topic, operations) -> rules.add(topicRule(topic.name(), AclResourcePatternType.LITERAL,
                operations)));
        application.consumerGroup().ifPresent(group -> rules.add(groupRule(group, AclResourcePatternType.LITERAL,
                EnumSet.of(AclOperation.READ))));
        application.transactionalIdPrefix().ifPresent(prefix -> rules.add(new AclRuleBuilder()
                .withResource(new AclRuleTransactionalIdResourceBuilder().withName(prefix)
                        .withPatternType(AclResourcePatternType.PREFIX).build())
                .withOperations(List.of(AclOperation.WRITE, AclOperation.DESCRIBE))
                .build()));
        application.internalTopicPrefix().ifPresent(prefix -> rules.add(topicRule(prefix,
                AclResourcePatternType.PREFIX, STREAMS_INTERNAL)));
        return rules;
    }

    /**
     * The KEDA scaler's ACLs: {@code Describe} on each lag-scaled topic (end offsets) and group (committed offsets).
     */
    public static List<AclRule> kedaScalerAcls() {
        List<AclRule> rules = new ArrayList<>();
        for (Application application : Applications.all()) {
            if (application.scaling() instanceof Application.Scaling.ConsumerLag lag) {
                rules.add(topicRule(lag.topic().name(), AclResourcePatternType.LITERAL,
                        EnumSet.of(AclOperation.DESCRIBE)));
                rules.add(groupRule(application.consumerGroup().orElseThrow(), AclResourcePatternType.LITERAL,
                        EnumSet.of(AclOperation.DESCRIBE)));
            }
        }
        return rules;
    }

    /**
     * The mirror's ACLs on the primary: read every mirrored topic and its configs (to copy them), list and describe
     * the Atlas groups (to translate their offsets). Offset syncs live on the target, so it writes nothing here.
     */
    public static List<AclRule> mirrorAcls() {
        List<AclRule> rules = new ArrayList<>();
        for (Topic<?, ?> topic : MirrorResources.mirroredTopics()) {
            rules.add(topicRule(topic.name(), AclResourcePatternType.LITERAL,
                    EnumSet.of(AclOperation.READ, AclOperation.DESCRIBE, AclOperation.DESCRIBECONFIGS)));
        }
        for (String group : consumerGroups()) {
            rules.add(groupRule(group, AclResourcePatternType.LITERAL, EnumSet.of(AclOperation.DESCRIBE)));
        }
        rules.add(new AclRuleBuilder().withResource(new AclRuleClusterResourceBuilder().build())
                .withOperations(List.of(AclOperation.DESCRIBE)).build());
        return rules;
    }

    /** Outside producers: append to the raw tick topic only. */
    public static List<AclRule> edgeProducerAcls() {
        return List.of(topicRule(Topics.TICKS_RAW.name(), AclResourcePatternType.LITERAL,
                EnumSet.of(AclOperation.WRITE, AclOperation.DESCRIBE)));
    }

    /**
     * The restore's roll-forward: read the latest state of every row CDC published, by manual assignment (no group),
     * and read and rewrite CDC's stored position (Debezium's offsets), nothing more.
     */
    public static List<AclRule> cdcRestoreAcls() {
        List<AclRule> rules = new ArrayList<>();
        for (Topic<?, ?> topic : List.of(Topics.INSTRUMENTS, Topics.MODEL_RELEASES)) {
            rules.add(topicRule(topic.name(), AclResourcePatternType.LITERAL,
                    EnumSet.of(AclOperation.READ, AclOperation.DESCRIBE)));
        }
        rules.add(topicRule(Topics.CDC_OFFSETS.name(), AclResourcePatternType.LITERAL,
                EnumSet.of(AclOperation.READ, AclOperation.WRITE, AclOperation.DESCRIBE)));
        return rules;
    }

    static List<String> consumerGroups() {
        return Applications.all().stream().map(Application::consumerGroup).flatMap(Optional::stream).toList();
    }

    private static AclRule topicRule(String name, AclResourcePatternType pattern, Set<AclOperation> operations) {
        return new AclRuleBuilder()
                .withResource(new AclRuleTopicResourceBuilder().withName(name).withPatternType(pattern).build())
                .withOperations(List.copyOf(operations))
                .build();
    }

    private static AclRule groupRule(String name, AclResourcePatternType pattern, Set<AclOperation> operations) {
        return new AclRuleBuilder()
                .withResource(new AclRuleGroupResourceBuilder().withName(name).withPatternType(pattern).build())
                .withOperations(List.copyOf(operations))
                .build();
    }
}
