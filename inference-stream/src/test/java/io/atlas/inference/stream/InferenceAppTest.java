package io.atlas.inference.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.atlas.catalog.Topics;
import io.atlas.events.MarketTick;
import io.atlas.events.Prediction;
import io.atlas.events.ReleaseStatus;
import io.atlas.inference.fixtures.KafkaFixtures;
import io.atlas.inference.fixtures.SyntheticTicks;
import io.atlas.inference.fixtures.TestModels;
import io.atlas.local.junit.WithKafka;
import io.atlas.local.kafka.CatalogTopics;
import io.atlas.local.kafka.KafkaCluster;
import io.atlas.ops.KafkaConnection;
import io.atlas.ops.OpsServer;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.streams.KafkaStreams;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@WithKafka
class InferenceAppTest {

    @TempDir
    Path stateDir;

    @BeforeAll
    static void createTopics(KafkaCluster kafka) {
        try (Admin admin = kafka.admin()) {
            CatalogTopics.create(admin, Topics.all());
        }
    }

    @Test
    void shouldScoreTicksFromTheBrokerAndReportReady(KafkaCluster kafka) throws Exception {
        String suffix = UUID.randomUUID().toString().substring(0, 6).toUpperCase();
        List<String> symbols = List.of("IA" + suffix, "IB" + suffix);
        KafkaFixtures.publishInstruments(kafka.clientConfig(), symbols);
        KafkaFixtures.publishRelease(kafka.clientConfig(), TestModels.release("tick-direction", 1,
                ReleaseStatus.ACTIVE));
        InferenceConfig config = new InferenceConfig(Map.of(
                KafkaConnection.BOOTSTRAP, kafka.bootstrapServers(),
                OpsServer.PORT, "0",
                InferenceConfig.APPLICATION_ID_CONFIG, "inference-app-test-" + suffix,
                InferenceConfig.PROCESSING_GUARANTEE, InferenceConfig.AT_LEAST_ONCE,
                InferenceConfig.STATE_DIR, stateDir.toString()));

        try (InferenceApp app = InferenceApp.start(config);
             KafkaProducer<String, MarketTick> producer = KafkaFixtures.tickProducer(kafka.clientConfig());
             KafkaConsumer<String, Prediction> reader = KafkaFixtures.predictionReader(kafka.clientConfig())) {
            await().atMost(Duration.ofSeconds(60)).until(() -> app.state() == KafkaStreams.State.RUNNING);
            SyntheticTicks ticks = new SyntheticTicks(21, symbols, 2.0, 0.5);
            for (MarketTick tick : ticks.take(1_000)) {
                producer.send(new ProducerRecord<>(Topics.TICKS.name(), tick.getSymbol(), tick));
            }
            producer.flush();

            Set<String> seen = new HashSet<>();
            await().atMost(Duration.ofSeconds(60)).until(() -> {
                KafkaFixtures.drain(reader, Set.copyOf(symbols), p -> seen.add(p.getSymbol() + "#"
                        + p.getTickSequence()));
                return seen.size() >= 1_000;
            });
            assertThat(seen).hasSize(1_000);
            HttpResponse<String> ready = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + app.httpPort() + OpsServer.READINESS)).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(ready.statusCode()).isEqualTo(200);
            assertThat(ready.body()).contains("serving");
            HttpResponse<String> scrape = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + app.httpPort() + OpsServer.METRICS)).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(scrape.body()).contains("atlas_inference_score_latency").contains("atlas_inference_predictions")
                    .contains("kafka_stream");
        }
    }
}
