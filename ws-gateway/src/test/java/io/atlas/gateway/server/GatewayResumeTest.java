package io.atlas.gateway.server;

import com.fasterxml.jackson.databind.JsonNode;
import io.atlas.local.junit.WithKafka;
import io.atlas.local.kafka.KafkaCluster;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Resume after a disconnect, on the same replica and on a second replica sharing the real Redis: the client gets
 * exactly the records it missed (by Kafka position), then live ones.
 */
@WithKafka
class GatewayResumeTest {

    private static final Map<String, String> SHARED = Map.of(
            GatewayConfig.REDIS_URL, "redis://127.0.0.1:6379",
            GatewayConfig.RESUME_SECRET, "resume-secret-shared-by-all-replicas",
            GatewayConfig.SESSION_SAVE_MS, "100");

    private static Fixtures fixtures;
    private static Gateway first;
    private static Gateway second;

    @BeforeAll
    static void start(KafkaCluster kafka) throws Exception {
        fixtures = new Fixtures(kafka);
        first = Fixtures.start(kafka, SHARED);
        second = Fixtures.start(kafka, SHARED);
    }

    @AfterAll
    static void stop() {
        first.close();
        second.close();
        fixtures.close();
    }

    @Test
    void shouldReplayExactlyWhatWasMissedWhenResumingWithPositions() throws Exception {
        resumeWithPositions("");
    }

    @Test
    void shouldReplayExactlyWhatWasMissedWhenResumingWithPositionsInBatchFrames() throws Exception {
        assertThat(resumeWithPositions("batch=true&batchLingerMs=20").batchSizes()).as("updates came in batch frames")
                .isNotEmpty();
    }

    /** Receives, disconnects, misses records, resumes with its positions; both clients connect with {@code query}. */
    private TestClient resumeWithPositions(String query) throws Exception {
        String symbol = Fixtures.symbol("RES");
        String token;
        long lastSeen;
        try (TestClient client = TestClient.connect(first.port(), query, Integer.MAX_VALUE, 0)) {
            token = client.nextOp("welcome").path("token").asText();
            client.send("{\"op\":\"subscribe\",\"id\":\"s\",\"symbols\":[\"" + symbol + "\"]}");
            client.reply("s");
            RecordMetadata seen = null;
            for (int i = 0; i < 5; i++) {
                seen = fixtures.live(symbol);
            }
            List<JsonNode> frames = client.dataUntil(symbol, seen.offset());
            assertThat(frames).hasSize(5);
            lastSeen = seen.offset();
        }
        List<Long> missed = new ArrayList<>();
        int partition = 0;
        for (int i = 0; i < 7; i++) {
            RecordMetadata m = fixtures.live(symbol);
            missed.add(m.offset());
            partition = m.partition();
        }
        try (TestClient client = TestClient.connect(first.port(), query, Integer.MAX_VALUE, 0)) {
            client.send("{\"op\":\"resume\",\"id\":\"r\",\"token\":\"" + token + "\",\"positions\":{\"" + partition
                    + "\":" + lastSeen + "}}");
            JsonNode ack = client.reply("r");
            assertThat(ack.path("op").asText()).isEqualTo("ack");
            assertThat(ack.path("token").asText()).isEqualTo(token);
            List<Long> replayed = new ArrayList<>();
            JsonNode frame;
            while (!"resumed".equals((frame = client.next(f -> true)).path("op").asText())) {
                if ("data".equals(frame.path("op").asText()) && symbol.equals(frame.path("symbol").asText())) {
                    replayed.add(frame.path("offset").asLong());
                }
            }
            assertThat(replayed).containsExactlyElementsOf(missed);
            assertThat(frame.path("replayed").asInt()).isEqualTo(7);
            RecordMetadata live = fixtures.live(symbol);
            JsonNode next = client.next(f -> "data".equals(f.path("op").asText()));
            assertThat(next.path("offset").asLong()).isEqualTo(live.offset());
            assertThat(next.path("snapshot").asBoolean()).isFalse();
            return client;
        }
    }

    @Test
    void shouldResumeOnASecondReplicaFromTheSessionInRedis() throws Exception {
        String symbol = Fixtures.symbol("FAIL");
        String token;
        try (TestClient client = TestClient.connect(first.port(), Map.of())) {
            token = client.nextOp("welcome").path("token").asText();
            client.send("{\"op\":\"subscribe\",\"id\":\"s\",\"patterns\":[\"" + symbol + "*\"]}");
            client.reply("s");
            RecordMetadata seen = null;
            for (int i = 0; i < 3; i++) {
                seen = fixtures.live(symbol);
            }
            client.dataUntil(symbol, seen.offset());
        } // a clean close saves the session with the positions written
        List<Long> missed = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            missed.add(fixtures.live(symbol).offset());
        }
        try (TestClient client = TestClient.connect(second.port(), Map.of())) {
            client.send("{\"op\":\"resume\",\"id\":\"r\",\"token\":\"" + token + "\"}");
            assertThat(client.reply("r").path("subscriptions").asInt()).isEqualTo(1);
            List<Long> replayed = new ArrayList<>();
            JsonNode frame;
            while (!"resumed".equals((frame = client.next(f -> true)).path("op").asText())) {
                if ("data".equals(frame.path("op").asText())) {
                    replayed.add(frame.path("offset").asLong());
                }
            }
            assertThat(replayed).containsExactlyElementsOf(missed);
            RecordMetadata live = fixtures.live(symbol + "X"); // matched by the restored pattern
            assertThat(client.nextOp("data").path("offset").asLong()).isEqualTo(live.offset());
        }
    }

    @Test
    void shouldRefuseAForgedResumeToken() throws Exception {
        try (TestClient client = TestClient.connect(second.port(), Map.of())) {
            String token = client.nextOp("welcome").path("token").asText();
            String forged = token.substring(0, token.indexOf('.')) + ".AAAA" + token.substring(token.indexOf('.') + 5);
            client.send("{\"op\":\"resume\",\"id\":\"r\",\"token\":\"" + forged + "\"}");
            assertThat(client.reply("r").path("code").asText()).isEqualTo("BAD_RESUME_TOKEN");
        }
    }
}
