package io.atlas.drill.cluster;

import io.atlas.catalog.Topic;
import io.atlas.catalog.Topics;
import io.atlas.deploy.Placement;
import io.atlas.local.kafka.CatalogTopics;
import io.atlas.local.kafka.ForkedKafkaCluster;
import io.atlas.strimzi.KafkaClusterResources;

import org.apache.kafka.clients.admin.Admin;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;

/**
 * A drill's Kafka cluster, configured as production is: the broker settings of the {@code Kafka} resource that
 * {@code strimzi/} renders (replication factor 3, min.insync.replicas 2, the transaction state log's, the rack-aware
 * replica selector, no unclean election, no auto-created topics) and one broker per zone of {@link Placement#ZONES}
 * as its {@code broker.rack}, so replicas spread over the racks as they spread over the zones. The catalog's topics
 * are created as the topic operator creates them, with the cluster's default replication.
 */
public final class ProductionCluster {

    private static final String DEFAULT_REPLICATION = "default.replication.factor";

    private ProductionCluster() {
    }

    /** The production cluster's {@code config}, as the rendered {@code Kafka} resource holds it for every node. */
    public static Map<String, String> clusterSettings() {
        Map<String, String> settings = new LinkedHashMap<>();
        KafkaClusterResources.kafka().getSpec().getKafka().getConfig()
                .forEach((key, value) -> settings.put(key, String.valueOf(value)));
        return settings;
    }

    /** One rack per production zone. */
    public static List<String> racks() {
        return Placement.ZONES;
    }

    /** Starts the cluster (formatting fresh storage under {@code dir}) and creates the catalog's topics. */
    public static ForkedKafkaCluster start(Path dir, Path logs, int controllers, String brokerHeap,
                                           Duration startTimeout) throws InterruptedException {
        ForkedKafkaCluster cluster = ForkedKafkaCluster.start(new ForkedKafkaCluster.Options(dir, logs, controllers,
                racks(), clusterSettings(), brokerHeap, "192m", startTimeout));
        try (Admin admin = cluster.admin()) {
            CatalogTopics.create(admin, Topics.all());
            requireReplication(admin, Topics.all().stream().map(Topic::name).toList());
        } catch (RuntimeException e) {
            cluster.close();
            throw e;
        }
        return cluster;
    }

    /**
     * Fails unless every partition of {@code topics} has the production replication: every finding of a broker
     * scenario rests on it (a partition of one replica simply stops while its broker is away). The first runs of the
     * drill had it only on paper, the controllers not having the cluster's topic defaults.
     */
    public static void requireReplication(Admin admin, Collection<String> topics) throws InterruptedException {
        int expected = Integer.parseInt(clusterSettings().get(DEFAULT_REPLICATION));
        List<String> unreplicated = new ArrayList<>();
        try {
            admin.describeTopics(topics).allTopicNames().get().values().forEach(topic -> topic.partitions().stream()
                    .filter(partition -> partition.replicas().size() != expected)
                    .forEach(partition -> unreplicated.add(topic.name() + "-" + partition.partition() + " has "
                            + partition.replicas().size())));
        } catch (ExecutionException e) {
            throw new IllegalStateException("Could not describe " + topics, e.getCause());
        }
        if (!unreplicated.isEmpty()) {
            throw new IllegalStateException("Expected " + expected + " replicas (" + DEFAULT_REPLICATION
                    + ") of every partition, but " + unreplicated);
        }
    }
}
