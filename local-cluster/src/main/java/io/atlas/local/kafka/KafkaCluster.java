package io.atlas.local.kafka;

import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;

import java.util.Map;

/**
 * A running Kafka cluster that Atlas talks to: its bootstrap address, and an admin client to prepare topics.
 *
 * <p>Implementations are real brokers (in-process KRaft, a child JVM, or a Testcontainers container); nothing in
 * Atlas stands in for Kafka with a mock. {@link #close()} stops the broker and may be called more than once.
 */
public interface KafkaCluster extends AutoCloseable {

    /** The {@code bootstrap.servers} value clients use, e.g. {@code 127.0.0.1:40123}. */
    String bootstrapServers();

    /** A new admin client on this cluster; the caller closes it. */
    default Admin admin() {
        return Admin.create(Map.of(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers()));
    }

    /** Client settings every Atlas producer, consumer or Streams app needs to reach this cluster. */
    default Map<String, Object> clientConfig() {
        return Map.of(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
    }

    @Override
    void close();
}
