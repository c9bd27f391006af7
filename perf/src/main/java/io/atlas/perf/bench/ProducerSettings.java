package io.atlas.perf.bench;

import io.atlas.ingest.publish.PublisherOptions;

import org.apache.kafka.clients.producer.ProducerConfig;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The producer settings of ingest's tick publisher with its defaults (acks=all, idempotence, lz4, linger 5 ms, 128 KiB
 * batches), for every producer of the baselines, so that bare Kafka and the pipeline's publisher are measured alike.
 */
final class ProducerSettings {

    private ProducerSettings() {
    }

    /** The publisher's settings alone, by name, as ProducerPerformance's {@code --producer-props} takes them. */
    static Map<String, String> settings() {
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put(ProducerConfig.ACKS_CONFIG, "all");
        settings.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        settings.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, "5");
        settings.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, PublisherOptions.DEFAULT_COMPRESSION);
        settings.put(ProducerConfig.LINGER_MS_CONFIG, Integer.toString(PublisherOptions.DEFAULT_LINGER_MILLIS));
        settings.put(ProducerConfig.BATCH_SIZE_CONFIG, Integer.toString(PublisherOptions.DEFAULT_BATCH_BYTES));
        return settings;
    }

    /** The connection settings plus the publisher's. */
    static Map<String, Object> publisher(Map<String, Object> client) {
        Map<String, Object> all = new HashMap<>(client);
        all.putAll(settings());
        return all;
    }
}
