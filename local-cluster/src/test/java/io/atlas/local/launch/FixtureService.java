package io.atlas.local.launch;

import com.sun.net.httpserver.HttpServer;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;

/**
 * A service as the launcher runs one: it reads the environment the launcher gives it, writes one record to the
 * topic named by its first argument, answers on its readiness path, and notes in a marker file that it was started
 * and then stopped by its shutdown hook.
 */
public final class FixtureService {

    public static void main(String[] args) throws Exception {
        Path marker = Path.of(System.getenv("FIXTURE_MARKER"));
        int port = Integer.parseInt(System.getenv("ATLAS_HTTP_PORT"));
        Map<String, Object> producerConfig = Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, System.getenv(LauncherConfig.KAFKA_BOOTSTRAP),
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(producerConfig)) {
            producer.send(new ProducerRecord<>(args[0], "fixture", "hello from the fixture service")).get();
        }

        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 0);
        server.createContext("/health/ready", exchange -> {
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        server.start();
        note(marker, "started");
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.stop(0);
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
