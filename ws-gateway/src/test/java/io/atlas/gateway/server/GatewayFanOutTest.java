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
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The gateway against the real broker with real Jetty WebSocket clients: subscribe, snapshot, live, patterns. */
@WithKafka
class GatewayFanOutTest {

    private static Fixtures fixtures;
    private static Gateway gateway;

    @BeforeAll
    static void start(KafkaCluster kafka) throws Exception {
        fixtures = new Fixtures(kafka);
        gateway = Fixtures.start(kafka, Map.of());
    }

    @AfterAll
    static void stop() {
        gateway.close();
        fixtures.close();
    }

    @Test
    void shouldSendWelcomeAndAckSubscribe() throws Exception {
        try (TestClient client = TestClient.connect(gateway.port(), Map.of())) {
            JsonNode welcome = client.nextOp("welcome");
            assertThat(welcome.path("token").asText()).contains(".");
            client.send("{\"op\":\"subscribe\",\"id\":\"r1\",\"symbols\":[\"" + Fixtures.symbol("ACK") + "\"]}");
            JsonNode ack = client.reply("r1");
            assertThat(ack.path("op").asText()).isEqualTo("ack");
            assertThat(ack.path("snapshot").asInt()).isZero();
            client.send("{\"op\":\"ping\",\"id\":\"p1\"}");
            assertThat(client.reply("p1").path("op").asText()).isEqualTo("ack");
        }
    }

    @Test
    void shouldSendSnapshotThenLiveWithNoGapOrDuplicate() throws Exception {
        snapshotThenLive("");
    }

    @Test
    void shouldSendSnapshotThenLiveWithNoGapOrDuplicateInBatchFrames() throws Exception {
        assertThat(snapshotThenLive("batch=true&batchLingerMs=20").batchSizes()).as("updates came in batch frames")
                .isNotEmpty();
    }

    /** Subscribes while records flow; the client (connected with {@code query}) must get an exact suffix. */
    private TestClient snapshotThenLive(String query) throws Exception {
        String symbol = Fixtures.symbol("SNAP");
        List<Long> produced = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            produced.add(fixtures.live(symbol).offset());
        }
        // Subscribe while more records flow: wherever the subscription lands, snapshot + live must be exact.
        CompletableFuture<List<Long>> more = CompletableFuture.supplyAsync(() -> {
            List<Long> offsets = new ArrayList<>();
            try {
                for (int i = 0; i < 200; i++) {
                    offsets.add(fixtures.live(symbol).offset());
                }
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
            return offsets;
        });
        try (TestClient client = TestClient.connect(gateway.port(), query, Integer.MAX_VALUE, 0)) {
            client.send("{\"op\":\"subscribe\",\"id\":\"s\",\"symbols\":[\"" + symbol + "\"]}");
            assertThat(client.reply("s").path("op").asText()).isEqualTo("ack");
            produced.addAll(more.get());
            List<JsonNode> frames = client.dataUntil(symbol, produced.get(produced.size() - 1));
            List<Long> received = frames.stream().map(f -> f.path("offset").asLong()).toList();
            int first = produced.indexOf(received.get(0));
            assertThat(first).as("first frame is a produced record").isGreaterThanOrEqualTo(0);
            assertThat(received).as("every later record exactly once, in order")
                    .containsExactlyElementsOf(produced.subList(first, produced.size()));
            assertThat(frames.get(0).path("snapshot").asBoolean()).isTrue();
            assertThat(frames.subList(1, frames.size())).allMatch(f -> !f.path("snapshot").asBoolean());
            JsonNode data = frames.get(frames.size() - 1);
            assertThat(data.path("prediction").path("symbol").asText()).isEqualTo(symbol);
            assertThat(data.path("modelVersion").isInt()).isTrue();
            assertThat(data.path("partition").isInt()).isTrue();
            return client;
        }
    }

    @Test
    void shouldServeSnapshotsLoadedFromTheLastValueTopic(KafkaCluster kafka) throws Exception {
        String symbol = Fixtures.symbol("LAST");
        fixtures.last(Fixtures.prediction(symbol, "XLON", false));
        try (Gateway fresh = Fixtures.start(kafka, Map.of());
             TestClient client = TestClient.connect(fresh.port(), Map.of())) {
            client.send("{\"op\":\"subscribe\",\"id\":\"s\",\"symbols\":[\"" + symbol + "\"]}");
            assertThat(client.reply("s").path("snapshot").asInt()).isEqualTo(1);
            JsonNode snapshot = client.nextOp("data");
            assertThat(snapshot.path("symbol").asText()).isEqualTo(symbol);
            assertThat(snapshot.path("snapshot").asBoolean()).isTrue();
            assertThat(snapshot.path("offset").isNull()).isTrue();
        }
    }

    @Test
    void shouldRouteByPrefixVenueAndModelKind() throws Exception {
        String prefix = Fixtures.symbol("P");
        String venue = Fixtures.symbol("V");
        try (TestClient client = TestClient.connect(gateway.port(), Map.of())) {
            client.send("{\"op\":\"subscribe\",\"id\":\"p\",\"patterns\":[\"" + prefix + "*\"]}");
            client.reply("p");
            client.send("{\"op\":\"subscribe\",\"id\":\"v\",\"patterns\":[\"venue:" + venue
                    + "\"],\"models\":[\"shadow\"]}");
            client.reply("v");
            RecordMetadata a = fixtures.live(Fixtures.prediction(prefix + "A", "XNAS", false));
            fixtures.live(Fixtures.prediction("NO" + prefix, "XNAS", false));
            fixtures.live(Fixtures.prediction(Fixtures.symbol("W"), venue, false)); // active: not wanted
            String shadowSymbol = Fixtures.symbol("W");
            RecordMetadata s = fixtures.live(Fixtures.prediction(shadowSymbol, venue, true));
            RecordMetadata b = fixtures.live(Fixtures.prediction(prefix + "B", "XNAS", false));
            Map<String, Long> got = new HashMap<>();
            while (got.size() < 3) {
                JsonNode f = client.nextOp("data");
                assertThat(got.put(f.path("symbol").asText(), f.path("offset").asLong())).isNull();
            }
            assertThat(got).containsOnly(Map.entry(prefix + "A", a.offset()), Map.entry(prefix + "B", b.offset()),
                    Map.entry(shadowSymbol, s.offset()));
            client.send("{\"op\":\"unsubscribe\",\"id\":\"u\",\"subscription\":\"p\"}");
            assertThat(client.reply("u").path("op").asText()).isEqualTo("ack");
            fixtures.live(Fixtures.prediction(prefix + "C", "XNAS", false));
            RecordMetadata marker = fixtures.live(Fixtures.prediction(shadowSymbol, venue, true));
            JsonNode next = client.nextOp("data");
            assertThat(next.path("offset").asLong()).isEqualTo(marker.offset());
        }
    }

    @Test
    void shouldConflateForAStalledClientWhileAHealthyClientGetsEverything(KafkaCluster kafka) throws Exception {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        String prefix = Fixtures.symbol("SLOW");
        try (Gateway small = Fixtures.start(kafka, Map.of(GatewayConfig.QUEUE_CAPACITY, "256",
                GatewayConfig.SOCKET_SEND_BUFFER, "8192", GatewayConfig.SLOW_CONSUMER_MS, "1500"), registry);
             TestClient healthy = TestClient.connect(small.port(), Map.of());
             TestClient stalled = TestClient.connect(small.port(), Map.of(), 3, 4096)) {
            for (TestClient c : List.of(healthy, stalled)) {
                c.send("{\"op\":\"subscribe\",\"id\":\"s\",\"patterns\":[\"" + prefix + "*\"]}");
            }
            healthy.reply("s");
            List<String> produced = new ArrayList<>();
            String[] symbols = {prefix + "A", prefix + "B", prefix + "C", prefix + "D"};
            // Batches of 50, the next only once the healthy client has read the last: its queue never holds more
            // than 50 of its 256 however slow the machine, while the stalled one falls behind for good.
            List<String> received = new ArrayList<>();
            for (int batch = 0; batch < 80; batch++) {
                List<java.util.concurrent.Future<RecordMetadata>> sends = new ArrayList<>();
                for (int i = 0; i < 50; i++) {
                    sends.add(fixtures.send(Fixtures.prediction(symbols[i % 4], "XNAS", false)));
                }
                for (var send : sends) {
                    RecordMetadata m = send.get();
                    produced.add(m.partition() + ":" + m.offset());
                }
                while (received.size() < produced.size()) {
                    JsonNode f = healthy.nextOp("data");
                    received.add(f.path("partition").asInt() + ":" + f.path("offset").asLong());
                }
            }
            // Order is defined per partition (the feed reads partitions in parallel): compare per partition.
            for (int p = 0; p < 12; p++) {
                String partition = p + ":";
                assertThat(received.stream().filter(r -> r.startsWith(partition)).toList())
                        .containsExactlyElementsOf(produced.stream().filter(r -> r.startsWith(partition)).toList());
            }
            await().atMost(TestClient.WAIT).ignoreExceptions().untilAsserted(() -> {
                assertThat(registry.get("atlas.gateway.updates.conflated").counter().count()).isPositive();
                assertThat(registry.get("atlas.gateway.closes").tag("code", "slow_consumer").counter().count())
                        .isEqualTo(1);
            });
            assertThat(healthy.isOpen()).isTrue();
        }
    }

    @Test
    void shouldTellClientsToGoAwayWhenDraining(KafkaCluster kafka) throws Exception {
        Gateway draining = Fixtures.start(kafka, Map.of(GatewayConfig.DRAIN_MS, "5000"));
        try (TestClient client = TestClient.connect(draining.port(), Map.of())) {
            client.nextOp("welcome");
            draining.close();
            assertThat(client.awaitClose()).isEqualTo(1001);
            assertThat(draining.ready()).isFalse();
        }
    }

    @Test
    void shouldConflateToMaxRateAndDeliverTheLatest() throws Exception {
        String symbol = Fixtures.symbol("RATE");
        try (TestClient client = TestClient.connect(gateway.port(), Map.of())) {
            client.send("{\"op\":\"subscribe\",\"id\":\"s\",\"symbols\":[\"" + symbol + "\"],\"maxRate\":2}");
            client.reply("s");
            List<java.util.concurrent.Future<RecordMetadata>> sends = new ArrayList<>();
            for (int i = 0; i < 50; i++) {
                sends.add(fixtures.send(Fixtures.prediction(symbol, "XNAS", false)));
            }
            long last = 0;
            for (var send : sends) {
                last = send.get().offset();
            }
            List<JsonNode> frames = client.dataUntil(symbol, last);
            assertThat(frames.size()).as("at 2/s, 50 updates sent at once collapse").isLessThan(10);
            List<Long> offsets = frames.stream().map(f -> f.path("offset").asLong()).toList();
            assertThat(offsets).isSorted().doesNotHaveDuplicates();
        }
    }

    @Test
    void shouldSendHeartbeats(KafkaCluster kafka) throws Exception {
        try (Gateway beating = Fixtures.start(kafka, Map.of(GatewayConfig.HEARTBEAT_MS, "200"));
             TestClient client = TestClient.connect(beating.port(), Map.of())) {
            JsonNode beat = client.nextOp("heartbeat");
            assertThat(beat.path("time").asLong()).isPositive();
        }
    }
}
