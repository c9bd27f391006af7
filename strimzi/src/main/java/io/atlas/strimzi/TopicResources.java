package io.atlas.strimzi;

import io.atlas.catalog.Topic;
import io.atlas.catalog.Topics;
import io.strimzi.api.kafka.model.topic.KafkaTopic;
import io.strimzi.api.kafka.model.topic.KafkaTopicBuilder;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Builds one {@code KafkaTopic} per catalog topic: its partitions, three replicas and exactly its configs. */
public final class TopicResources {

    private TopicResources() {
    }

    public static List<KafkaTopic> all() {
        return Topics.all().stream().map(TopicResources::topic).toList();
    }

    public static KafkaTopic topic(Topic<?, ?> topic) {
        return new KafkaTopicBuilder()
                .withNewMetadata()
                    .withName(resourceName(topic.name()))
                    .withNamespace(ClusterNames.NAMESPACE)
                    .withLabels(Map.of(ClusterNames.CLUSTER_LABEL, ClusterNames.CLUSTER))
                .endMetadata()
                .withNewSpec()
                    .withTopicName(topic.name())
                    .withPartitions(topic.partitions())
                    .withReplicas(StorageSizing.REPLICATION_FACTOR)
                    .withConfig(new LinkedHashMap<>(topic.configs()))
                .endSpec()
                .build();
    }

    /** A Kubernetes name for a topic: dots are allowed, but keep names readable as DNS subdomains. */
    static String resourceName(String topicName) {
        return topicName.replace('_', '-');
    }
}
