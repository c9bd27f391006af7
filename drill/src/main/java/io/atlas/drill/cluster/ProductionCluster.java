package io.atlas.drill.cluster;

import io.atlas.catalog.Topics;
import io.atlas.deploy.Placement;
import io.atlas.local.kafka.CatalogTopics;
import io.atlas.local.kafka.ForkedKafkaCluster;
import io.atlas.strimzi.KafkaClusterResources;

import org.apache.kafka.clients.admin.Admin;

import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A drill's Kafka cluster, configured as production is: the broker settings of the {@code Kafka} resource that
 * {@code strimzi/} renders (replication factor 3, min.insync.replicas 2, the transaction state log's, the rack-aware
 * replica selector, no unclean election, no auto-created topics) and one broker per zone of {@link Placement#ZONES}
 * as its {@code broker.rack}, so replicas spread over the racks as they spread over the zones. The catalog's topics
 * are created as the topic operator creates them, with the cluster's default replication.
 */
public final class ProductionCluster {

    private ProductionCluster() {
    }

    /** The production brokers' {@code config}, as the rendered {@code Kafka} resource holds it. */
    public static Map<String, String> brokerSettings() {
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
                racks(), brokerSettings(), brokerHeap, "192m", startTimeout));
        try (Admin admin = cluster.admin()) {
            CatalogTopics.create(admin, Topics.all());
        } catch (RuntimeException e) {
            cluster.close();
            throw e;
        }
        return cluster;
    }
}
