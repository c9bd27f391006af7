package io.atlas.inference.train;

import io.atlas.catalog.ReleaseKey;
import io.atlas.catalog.Topics;
import io.atlas.events.ModelRelease;
import io.atlas.events.ReleaseStatus;
import io.atlas.inference.features.FeatureVector;
import io.atlas.inference.model.ModelCodec;
import io.atlas.schemas.serde.AvroSerde;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * Publishes a trained model as a {@link ModelRelease} straight to the model-releases topic, keyed by model id,
 * with the next free version of that model (one above the highest on the topic). PostgreSQL publishing goes
 * through ingest's admin command instead, and Debezium then carries the release to the same topic.
 */
public final class ReleasePublisher {

    private ReleasePublisher() {
    }

    /** The release for a trained model; {@code version} and {@code status} as given. */
    public static ModelRelease release(String modelId, int version, ReleaseStatus status, int horizon,
                                       TrainingPipeline.Result result) {
        Instant now = Instant.now();
        return ModelRelease.newBuilder()
                .setModelId(modelId)
                .setVersion(version)
                .setAlgorithm(ModelCodec.ALGORITHM)
                .setFeatures(FeatureVector.NAMES)
                .setHorizonTicks(horizon)
                .setModel(ByteBuffer.wrap(result.bytes()))
                .setDigest(result.digest())
                .setStatus(status)
                .setCreatedAtMicros(ChronoUnit.MICROS.between(Instant.EPOCH, now))
                .setMetrics(new HashMap<>(result.report().asMetrics()))
                .build();
    }

    /** The highest version of {@code modelId} on the releases topic, 0 when it has none. */
    public static int latestVersion(Map<String, Object> clientSettings, String modelId, Duration timeout) {
        AvroSerde<ModelRelease> serde = (AvroSerde<ModelRelease>) Topics.MODEL_RELEASES.valueSerde();
        int latest = 0;
        for (List<ConsumerRecord<byte[], byte[]>> records : TopicReader.read(clientSettings,
                Topics.MODEL_RELEASES.name(), 0, Long.MAX_VALUE, timeout).values()) {
            for (ConsumerRecord<byte[], byte[]> record : records) {
                if (record.value() != null) {
                    ModelRelease release = serde.decode(record);
                    if (release.getModelId().equals(modelId)) {
                        latest = Math.max(latest, release.getVersion());
                    }
                }
            }
        }
        return latest;
    }

    /** Sends {@code release} and waits for the broker's acknowledgement. */
    public static void publish(Map<String, Object> clientSettings, ModelRelease release, Duration timeout) {
        Map<String, Object> settings = new HashMap<>(clientSettings);
        settings.put(ProducerConfig.ACKS_CONFIG, "all");
        settings.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        settings.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, 8_388_608);
        try (KafkaProducer<String, ModelRelease> producer = new KafkaProducer<>(settings,
                Topics.MODEL_RELEASES.keySerde().serializer(), Topics.MODEL_RELEASES.valueSerde().serializer())) {
            producer.send(new ProducerRecord<>(Topics.MODEL_RELEASES.name(), ReleaseKey.of(release), release))
                    .get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while publishing " + release.getModelId(), e);
        } catch (ExecutionException | java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException("could not publish release " + release.getModelId() + ":"
                    + release.getVersion() + " to " + Topics.MODEL_RELEASES.name() + ": " + e, e);
        }
    }
}
