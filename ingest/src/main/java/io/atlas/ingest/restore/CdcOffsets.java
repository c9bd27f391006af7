package io.atlas.ingest.restore;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * CDC's stored position in the Debezium engine's offsets (Kafka Connect's JSON in {@code atlas.cdc.offsets}: key
 * {@code ["<engine>",{"server":"<engine>"}]}, value {@code {"lsn": <LSN as a number>, ...}}), moved to a new
 * replication slot after a restore.
 *
 * <p>Debezium refuses to resume from a stored position the slot has moved past ("no longer available on the
 * server"), and a position ahead of the server's log (a restore into a new server) would make it skip changes; a
 * position equal to the new slot's start is neither: streaming starts with the first transaction after the slot,
 * and a completed snapshot is on record, so none is taken again. The restore drill proves this on the Debezium
 * version in use.
 */
final class CdcOffsets {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private CdcOffsets() {
    }

    /** Stores, for engine {@code engine}, a completed snapshot and streaming processed up to {@code lsn}. */
    static void resumeAt(Map<String, Object> clientSettings, String offsetsTopic, String engine, long lsn) {
        ObjectNode value = JSON.createObjectNode();
        value.put("lsn", lsn);
        value.put("lsn_proc", lsn);
        value.put("lsn_commit", lsn);
        value.put("ts_usec", ChronoUnit.MICROS.between(Instant.EPOCH, Instant.now()));
        Map<String, Object> settings = new HashMap<>(clientSettings);
        settings.put(ProducerConfig.ACKS_CONFIG, "all");
        settings.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(settings, new ByteArraySerializer(),
                new ByteArraySerializer())) {
            // The key's exact bytes: Connect's own writes and this one land on one partition and compact together.
            byte[] key = key(LatestValues.read(clientSettings, offsetsTopic), engine);
            producer.send(new ProducerRecord<>(offsetsTopic, key, JSON.writeValueAsBytes(value)))
                    .get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("Could not store CDC's position in " + offsetsTopic, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted storing CDC's position", e);
        }
    }

    /** The engine's key as stored, or as Kafka Connect's JSON converter writes it when none is stored yet. */
    static byte[] key(Map<String, byte[]> offsets, String engine) throws IOException {
        for (String stored : offsets.keySet()) {
            JsonNode key = JSON.readTree(stored);
            if (key.isArray() && engine.equals(key.path(0).asText())) {
                return stored.getBytes(StandardCharsets.UTF_8);
            }
        }
        return JSON.writeValueAsBytes(JSON.createArrayNode().add(engine).add(JSON.createObjectNode()
                .put("server", engine)));
    }

    /** The LSN {@code high/low} (hexadecimal halves, as PostgreSQL prints it) as one number. */
    static long lsn(String text) {
        int slash = text.indexOf('/');
        if (slash < 1) {
            throw new IllegalArgumentException("Not an LSN: " + text);
        }
        return (Long.parseLong(text.substring(0, slash), 16) << 32) | Long.parseLong(text.substring(slash + 1), 16);
    }
}
