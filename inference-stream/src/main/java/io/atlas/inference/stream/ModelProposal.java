package io.atlas.inference.stream;

import io.atlas.catalog.Topics;
import io.atlas.events.ModelRelease;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Proposes a trained model on {@link Topics#MODEL_PROPOSALS} (key: its model id) for ingest-cdc to release through
 * PostgreSQL: the scorer writes no release itself.
 */
final class ModelProposal {

    private ModelProposal() {
    }

    /** Sends {@code proposal} and waits for the broker's acknowledgement. */
    static void send(Map<String, Object> clientSettings, ModelRelease proposal, Duration timeout) {
        Map<String, Object> settings = new HashMap<>(clientSettings);
        settings.put(ProducerConfig.ACKS_CONFIG, "all");
        settings.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        settings.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, Integer.parseInt(Topics.MODEL_PROPOSALS.configs()
                .get("max.message.bytes")));
        try (KafkaProducer<String, ModelRelease> producer = new KafkaProducer<>(settings,
                Topics.MODEL_PROPOSALS.keySerde().serializer(), Topics.MODEL_PROPOSALS.valueSerde().serializer())) {
            producer.send(new ProducerRecord<>(Topics.MODEL_PROPOSALS.name(), proposal.getModelId(), proposal))
                    .get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while proposing " + proposal.getModelId(), e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("could not propose " + proposal.getModelId() + " on "
                    + Topics.MODEL_PROPOSALS.name() + ": " + e, e);
        }
    }
}
