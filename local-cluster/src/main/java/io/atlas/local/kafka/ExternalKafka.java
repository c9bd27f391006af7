package io.atlas.local.kafka;

import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;

import java.util.HashMap;
import java.util.Map;

/**
 * A Kafka cluster Atlas did not start (for example a Strimzi cluster): only its address and client settings.
 * Closing it leaves the cluster running.
 */
public final class ExternalKafka implements KafkaCluster {

    private final Map<String, Object> clientConfig;

    public ExternalKafka(String bootstrapServers, Map<String, Object> clientSettings) {
        Map<String, Object> config = new HashMap<>(clientSettings);
        config.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        this.clientConfig = Map.copyOf(config);
    }

    @Override
    public String bootstrapServers() {
        return clientConfig.get(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG).toString();
    }

    @Override
    public Admin admin() {
        return Admin.create(clientConfig);
    }

    @Override
    public Map<String, Object> clientConfig() {
        return clientConfig;
    }

    /** Leaves the cluster running: Atlas did not start it. */
    @Override
    public void close() {
    }

    @Override
    public String toString() {
        return "external Kafka cluster at " + bootstrapServers();
    }
}
