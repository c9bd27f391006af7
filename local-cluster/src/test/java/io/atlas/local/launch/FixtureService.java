package io.atlas.local.launch;

import io.atlas.ops.Health;
import io.atlas.ops.OpsServer;
import io.atlas.ops.ServiceMetrics;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;

/**
 * A service as the launcher runs one: it reads the environment the launcher gives it, writes one record to the
 * topic named by its first argument, answers on its readiness path, and notes in a marker file the local PostgreSQL
 * port it was given, that it was started and then stopped by its shutdown hook. Its health endpoints are the real ones every service opens.
 */
public final class FixtureService {

    public static void main(String[] args) throws Exception {
        Path marker = Path.of(System.getenv("FIXTURE_MARKER"));
        int port = Integer.parseInt(System.getenv(OpsServer.PORT));
        // Before readiness answers, so the launcher's caller finds it.
        note(marker, "postgres port " + System.getenv(AtlasServices.EMBEDDED_POSTGRES_PORT));
        Map<String, Object> producerConfig = Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, System.getenv(LauncherConfig.KAFKA_BOOTSTRAP),
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(producerConfig)) {
            producer.send(new ProducerRecord<>(args[0], "fixture", "hello from the fixture service")).get();
        }

        ServiceMetrics metrics = new ServiceMetrics("fixture");
        OpsServer ops = OpsServer.start(port, metrics.registry(), () -> Health.up("alive"), () -> Health.up("ready"));
        note(marker, "started");
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            ops.close();
            metrics.close();
            note(marker, "stopped");
        }, "fixture-shutdown"));
        Thread.currentThread().join();
    }

    private static void note(Path marker, String line) {
        try {
            Files.writeString(marker, line + "\n", StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
