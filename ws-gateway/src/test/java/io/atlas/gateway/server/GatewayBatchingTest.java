package io.atlas.gateway.server;

import com.fasterxml.jackson.databind.JsonNode;
import io.atlas.local.junit.WithKafka;
import io.atlas.local.kafka.KafkaCluster;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** Batched frames, asked for at connect: several data updates per WebSocket frame, exact and in order, bounded. */
@WithKafka
class GatewayBatchingTest {

    private static final int MAX_BYTES = 8192;
    private static Fixtures fixtures;
    private static Gateway gateway;
    private static SimpleMeterRegistry registry;

    @BeforeAll
    static void start(KafkaCluster kafka) throws Exception {
        fixtures = new Fixtures(kafka);
        registry = new SimpleMeterRegistry();
        // A small send buffer, so that a client that stops reading soon holds up the gateway's writes.
        gateway = Fixtures.start(kafka, Map.of(GatewayConfig.SOCKET_SEND_BUFFER, "8192"), registry);
    }

    @AfterAll
    static void stop() {
        gateway.close();
        fixtures.close();
    }

    private static double recordsIn() {
        return registry.get("atlas.gateway.records.in").counter().count();
    }

    @Test
    void shouldGatherWhatQueuedWhileTheClientWasNotReadingIntoBoundedBatchFrames() throws Exception {
        String prefix = Fixtures.symbol("BAT");
        // Reads welcome, ack and one frame, then stops reading until told to.
        try (TestClient client = TestClient.connect(gateway.port(), "batch=true&batchLingerMs=0&batchMaxBytes="
                + MAX_BYTES, 3, 4096)) {
            client.send("{\"op\":\"subscribe\",\"id\":\"s\",\"patterns\":[\"" + prefix + "*\"]}");
            client.reply("s");
            double before = recordsIn();
            List<Future<RecordMetadata>> sends = new ArrayList<>();
            for (int i = 0; i < 400; i++) {
                sends.add(fixtures.send(Fixtures.prediction(prefix + (i % 3), "XNAS", false)));
            }
            List<String> produced = new ArrayList<>();
            for (Future<RecordMetadata> send : sends) {
                RecordMetadata m = send.get();
                produced.add(m.partition() + ":" + m.offset());
            }
            await().atMost(TestClient.WAIT).until(() -> recordsIn() >= before + 400);
            client.resumeReading();
            List<String> received = new ArrayList<>();
            while (received.size() < produced.size()) {
                JsonNode f = client.nextOp("data");
                received.add(f.path("partition").asInt() + ":" + f.path("offset").asLong());
            }
            for (int p = 0; p < 12; p++) {
                String partition = p + ":";
                assertThat(received.stream().filter(r -> r.startsWith(partition)).toList()).as("partition " + p)
                        .containsExactlyElementsOf(produced.stream().filter(r -> r.startsWith(partition)).toList());
            }
            assertThat(client.batchSizes()).as("what queued behind the stalled write left several per frame")
                    .anyMatch(n -> n > 1);
            assertThat(client.batchSizes().stream().mapToInt(Integer::intValue).sum()).isEqualTo(400);
            assertThat(client.batchLengths()).allMatch(length -> length <= MAX_BYTES);
        }
    }

    @Test
    void shouldWriteTheSameDataFramesInsideBatchesAsAlone() throws Exception {
        String symbol = Fixtures.symbol("SAME");
        try (TestClient plain = TestClient.connect(gateway.port(), Map.of());
             TestClient batched = TestClient.connect(gateway.port(), "batch=true", Integer.MAX_VALUE, 0)) {
            for (TestClient c : List.of(plain, batched)) {
                c.send("{\"op\":\"subscribe\",\"id\":\"s\",\"symbols\":[\"" + symbol + "\"]}");
                assertThat(c.reply("s").path("op").asText()).isEqualTo("ack");
            }
            long last = 0;
            for (int i = 0; i < 5; i++) {
                last = fixtures.live(symbol).offset();
            }
            assertThat(batched.dataUntil(symbol, last)).containsExactlyElementsOf(plain.dataUntil(symbol, last));
            assertThat(plain.batchSizes()).as("no batch frame unless asked for").isEmpty();
            assertThat(batched.batchSizes()).isNotEmpty();
        }
    }

    @Test
    void shouldRefuseBadBatchingParametersAtTheUpgrade() {
        for (String query : List.of("batch=yes", "batchLingerMs=5", "batch=true&batchLingerMs=-1",
                "batch=true&batchLingerMs=1001", "batch=true&batchMaxBytes=100", "batch=true&batchMaxBytes=x")) {
            assertThatThrownBy(() -> TestClient.connect(gateway.port(), query, Integer.MAX_VALUE, 0)).as(query)
                    .hasStackTraceContaining("400");
        }
        assertThat(registry.get("atlas.gateway.refusals").tag("code", "upgrade_bad_batching").counter().count())
                .isEqualTo(6);
    }
}
