package io.atlas.ingest.simulate;

import io.atlas.catalog.Topics;
import io.atlas.events.MarketTick;
import io.atlas.ingest.publish.PublishedTicks;
import io.atlas.local.junit.WithKafka;
import io.atlas.local.kafka.CatalogTopics;
import io.atlas.local.kafka.FreePort;
import io.atlas.local.kafka.KafkaCluster;
import io.atlas.local.process.ChildJvm;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static io.atlas.ingest.publish.PublishedTicks.assertOrderedAndGapFree;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The simulator as {@code ./atlas up} runs it: its own JVM, ready over HTTP, stopped by SIGTERM. */
@WithKafka
class SimulateServiceTest {

    @Test
    void shouldBecomeReadyAndFlushEveryTickOnSigterm(KafkaCluster kafka, @TempDir Path dir) throws Exception {
        try (Admin admin = kafka.admin()) {
            CatalogTopics.create(admin, List.of(Topics.TICKS));
            PublishedTicks.awaitLeaders(admin, Topics.TICKS.name());
        }
        Map<TopicPartition, Long> start = endOffsets(kafka);
        int port = FreePort.find();
        Path log = dir.resolve("simulate.log");
        HttpClient http = HttpClient.newHttpClient();
        try (ChildJvm simulator = ChildJvm.start("simulate", List.of("-Xmx128m"),
                System.getProperty("java.class.path"), "io.atlas.ingest.IngestCli",
                List.of("simulate", "--rate", "2000", "--symbols", "40"),
                Map.of("ATLAS_KAFKA_BOOTSTRAP", kafka.bootstrapServers(), "ATLAS_HTTP_PORT", Integer.toString(port)),
                log)) {
            await().atMost(Duration.ofSeconds(60)).ignoreExceptions().until(() -> http.send(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/health/ready")).build(),
                    HttpResponse.BodyHandlers.ofString()).statusCode() == 200);
            String metrics = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics"))
                    .build(), HttpResponse.BodyHandlers.ofString()).body();
            assertThat(metrics).contains("atlas_ingest_publish_records_total", "atlas_ingest_publish_latency_seconds");
        }

        Matcher published = Pattern.compile("Published (\\d+) ticks \\((\\d+) acknowledged\\)")
                .matcher(Files.readString(log));
        assertThat(published.find()).as("the simulator's last words in %s", log).isTrue();
        long sent = Long.parseLong(published.group(1));
        assertThat(published.group(2)).isEqualTo(published.group(1));
        List<ConsumerRecord<String, MarketTick>> records = readFrom(kafka, start, sent);
        assertThat(records).hasSize((int) sent);
        assertThat(assertOrderedAndGapFree(records)).hasSize(40);
    }

    private static Map<TopicPartition, Long> endOffsets(KafkaCluster kafka) {
        try (KafkaConsumer<String, MarketTick> consumer = consumer(kafka)) {
            return consumer.endOffsets(partitions());
        }
    }

    private static List<TopicPartition> partitions() {
        return IntStream.range(0, Topics.TICKS.partitions())
                .mapToObj(p -> new TopicPartition(Topics.TICKS.name(), p)).collect(Collectors.toList());
    }

    private static List<ConsumerRecord<String, MarketTick>> readFrom(KafkaCluster kafka,
                                                                     Map<TopicPartition, Long> start, long expected) {
        List<ConsumerRecord<String, MarketTick>> records = new ArrayList<>();
        try (KafkaConsumer<String, MarketTick> consumer = consumer(kafka)) {
            consumer.assign(partitions());
            start.forEach(consumer::seek);
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (records.size() < expected && System.nanoTime() < deadline) {
                ConsumerRecords<String, MarketTick> batch = consumer.poll(Duration.ofMillis(200));
                batch.forEach(records::add);
            }
            consumer.poll(Duration.ofMillis(500)).forEach(records::add);
        }
        return records;
    }

    private static KafkaConsumer<String, MarketTick> consumer(KafkaCluster kafka) {
        Map<String, Object> settings = new HashMap<>(kafka.clientConfig());
        settings.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        return new KafkaConsumer<>(settings, Topics.TICKS.keySerde().deserializer(),
                Topics.TICKS.valueSerde().deserializer());
    }
}
