package io.atlas.gateway.server;

import com.fasterxml.jackson.databind.JsonNode;
import io.atlas.local.junit.WithKafka;
import io.atlas.local.kafka.KafkaCluster;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** Every kind of bad frame or request, sent by a real client to the real server, answered with its documented code. */
@WithKafka
class ProtocolErrorsTest {

    private static Fixtures fixtures;
    private static Gateway gateway;

    @BeforeAll
    static void start(KafkaCluster kafka) throws Exception {
        fixtures = new Fixtures(kafka);
        gateway = Fixtures.start(kafka, Map.of(GatewayConfig.MAX_FRAME_CHARS, "512",
                GatewayConfig.MAX_SYMBOLS_PER_REQUEST, "3", GatewayConfig.MAX_SUBSCRIPTIONS, "2"));
    }

    @AfterAll
    static void stop() {
        gateway.close();
        fixtures.close();
    }

    static Stream<Arguments> badRequests() {
        return Stream.of(
                Arguments.of("{\"op\":\"subscribe\"", "MALFORMED_JSON"),
                Arguments.of("[1,2]", "NOT_AN_OBJECT"),
                Arguments.of("\"subscribe\"", "NOT_AN_OBJECT"),
                Arguments.of("{\"op\":\"dance\",\"id\":\"x\"}", "UNKNOWN_OP"),
                Arguments.of("{\"id\":\"x\"}", "UNKNOWN_OP"),
                Arguments.of("{\"op\":\"ping\"}", "MISSING_ID"),
                Arguments.of("{\"op\":\"ping\",\"id\":7}", "MISSING_ID"),
                Arguments.of("{\"op\":\"subscribe\",\"id\":\"x\",\"symbols\":\"S1\"}", "BAD_FIELD"),
                Arguments.of("{\"op\":\"subscribe\",\"id\":\"x\",\"symbols\":[1]}", "BAD_FIELD"),
                Arguments.of("{\"op\":\"subscribe\",\"id\":\"x\",\"symbols\":[]}", "EMPTY_SUBSCRIPTION"),
                Arguments.of("{\"op\":\"subscribe\",\"id\":\"x\",\"symbols\":[\"A\",\"B\",\"C\",\"D\"]}",
                        "TOO_MANY_SYMBOLS"),
                Arguments.of("{\"op\":\"subscribe\",\"id\":\"x\",\"symbols\":[\"bad symbol\"]}", "BAD_PATTERN"),
                Arguments.of("{\"op\":\"subscribe\",\"id\":\"x\",\"patterns\":[\"S*0*\"]}", "BAD_PATTERN"),
                Arguments.of("{\"op\":\"subscribe\",\"id\":\"x\",\"patterns\":[\"venue:\"]}", "BAD_PATTERN"),
                Arguments.of("{\"op\":\"subscribe\",\"id\":\"x\",\"symbols\":[\"A\"],\"maxRate\":0}", "BAD_MAX_RATE"),
                Arguments.of("{\"op\":\"subscribe\",\"id\":\"x\",\"symbols\":[\"A\"],\"maxRate\":\"fast\"}",
                        "BAD_MAX_RATE"),
                Arguments.of("{\"op\":\"subscribe\",\"id\":\"x\",\"symbols\":[\"A\"],\"models\":[\"beta\"]}",
                        "UNKNOWN_MODEL"),
                Arguments.of("{\"op\":\"subscribe\",\"id\":\"x\",\"symbols\":[\"A\"],\"models\":[]}", "UNKNOWN_MODEL"),
                Arguments.of("{\"op\":\"ping\",\"id\":\"x\",\"pad\":\"" + "x".repeat(600) + "\"}", "FRAME_TOO_LARGE"),
                Arguments.of("{\"op\":\"resume\",\"id\":\"x\",\"token\":\"nonsense\"}", "BAD_RESUME_TOKEN"),
                Arguments.of("{\"op\":\"resume\",\"id\":\"x\"}", "BAD_FIELD"),
                Arguments.of("{\"op\":\"resume\",\"id\":\"x\",\"token\":\"t\",\"positions\":{\"a\":1}}",
                        "BAD_POSITIONS"),
                Arguments.of("{\"op\":\"resume\",\"id\":\"x\",\"token\":\"t\",\"positions\":{\"0\":-5}}",
                        "BAD_POSITIONS"),
                Arguments.of("{\"op\":\"unsubscribe\",\"id\":\"x\",\"subscription\":\"never\"}", "NOT_SUBSCRIBED"),
                Arguments.of("{\"op\":\"ping\",\"id\":\"x\",\"id\":\"y\"}", "MALFORMED_JSON"));
    }

    @ParameterizedTest
    @MethodSource("badRequests")
    void shouldAnswerBadRequestWithItsCode(String frame, String code) throws Exception {
        try (TestClient client = TestClient.connect(gateway.port(), Map.of())) {
            client.send(frame);
            JsonNode error = client.nextOp("error");
            assertThat(error.path("code").asText()).isEqualTo(code);
            assertThat(error.path("reason").asText()).isNotBlank();
            client.send("{\"op\":\"ping\",\"id\":\"still-open\"}");
            assertThat(client.reply("still-open").path("op").asText()).isEqualTo("ack");
        }
    }

    @Test
    void shouldAnswerBinaryFrameWithItsCode() throws Exception {
        try (TestClient client = TestClient.connect(gateway.port(), Map.of())) {
            client.sendBinary(new byte[] {1, 2, 3});
            assertThat(client.nextOp("error").path("code").asText()).isEqualTo("BINARY_NOT_SUPPORTED");
        }
    }

    @Test
    void shouldRefuseDuplicateAndTooManySubscriptions() throws Exception {
        try (TestClient client = TestClient.connect(gateway.port(), Map.of())) {
            client.send("{\"op\":\"subscribe\",\"id\":\"a\",\"symbols\":[\"A\"]}");
            assertThat(client.reply("a").path("op").asText()).isEqualTo("ack");
            client.send("{\"op\":\"subscribe\",\"id\":\"a\",\"symbols\":[\"B\"]}");
            assertThat(client.reply("a").path("code").asText()).isEqualTo("DUPLICATE_SUBSCRIPTION");
            client.send("{\"op\":\"subscribe\",\"id\":\"b\",\"symbols\":[\"B\"]}");
            client.reply("b");
            client.send("{\"op\":\"subscribe\",\"id\":\"c\",\"symbols\":[\"C\"]}");
            assertThat(client.reply("c").path("code").asText()).isEqualTo("TOO_MANY_SUBSCRIPTIONS");
        }
    }

    @Test
    void shouldCloseWith1009WhenAFrameBreaksTheHardLimit() throws Exception {
        try (TestClient client = TestClient.connect(gateway.port(), Map.of())) {
            client.send("{\"op\":\"ping\",\"id\":\"x\",\"pad\":\"" + "x".repeat(512 * 16 + 10) + "\"}");
            assertThat(client.awaitClose()).isEqualTo(1009);
        }
    }
}
