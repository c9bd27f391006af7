package io.atlas.gateway.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.atlas.catalog.Hop;
import io.atlas.gateway.ops.GatewayHops;
import io.atlas.local.junit.WithKafka;
import io.atlas.local.kafka.KafkaCluster;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.withinPercentage;

/** {@code /api/hops} on a real gateway: a prediction's stamps and the gateway's own times come back per hop. */
@WithKafka
class HopsEndpointTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final SimpleMeterRegistry REGISTRY = new SimpleMeterRegistry();
    private static Fixtures fixtures;
    private static Gateway gateway;
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    static void start(KafkaCluster kafka) throws Exception {
        fixtures = new Fixtures(kafka);
        gateway = Fixtures.start(kafka, Map.of(), REGISTRY);
    }

    @AfterAll
    static void stop() {
        gateway.close();
        fixtures.close();
    }

    private HttpResponse<String> request(String method) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + gateway.port() + HopsHandler.PATH))
                .method(method, HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode hop(JsonNode body, Hop hop) {
        for (JsonNode node : body.path("hops")) {
            if (node.path("hop").asText().equals(hop.tagValue())) {
                return node;
            }
        }
        throw new AssertionError("no " + hop.tagValue() + " in " + body);
    }

    @Test
    void shouldServeEveryHopAPredictionCrossedOnItsWayToASocket() throws Exception {
        String symbol = Fixtures.symbol("HOPS");
        try (TestClient client = TestClient.connect(gateway.port(), Map.of())) {
            client.send("{\"op\":\"subscribe\",\"id\":\"h\",\"symbols\":[\"" + symbol + "\"]}");
            assertThat(client.reply("h").path("op").asText()).isEqualTo("ack");
            fixtures.live(Fixtures.stampedHops(Fixtures.prediction(symbol, "XNAS", false)));
            client.next(f -> "data".equals(f.path("op").asText()) && symbol.equals(f.path("symbol").asText()));
        }

        AtomicReference<JsonNode> served = new AtomicReference<>();
        Awaitility.await().atMost(TestClient.WAIT).until(() -> {
            HttpResponse<String> response = request("GET");
            served.set(JSON.readTree(response.body()));
            return response.statusCode() == 200
                    && hop(served.get(), Hop.PREDICTIONS_TO_GATEWAY).path("p50Ms").isNumber();
        });
        JsonNode body = served.get();
        assertThat(body.path("windowSeconds").asInt()).isEqualTo(GatewayHops.WINDOW.toSeconds());
        assertThat(body.path("hops").findValuesAsText("hop")).containsExactly("broker_to_inference", "scoring",
                "inference_to_predictions", "predictions_to_gateway", "gateway_to_socket");
        assertThat(hop(body, Hop.BROKER_TO_INFERENCE).path("p50Ms").asDouble()).isCloseTo(6.0, withinPercentage(2));
        assertThat(hop(body, Hop.SCORING).path("p99Ms").asDouble()).isCloseTo(0.4, withinPercentage(2));
        assertThat(hop(body, Hop.INFERENCE_TO_PREDICTIONS).path("p50Ms").asDouble()).isGreaterThan(13.0);
        Awaitility.await().atMost(TestClient.WAIT).until(() ->
                hop(JSON.readTree(request("GET").body()), Hop.GATEWAY_TO_SOCKET).path("p50Ms").isNumber());
        for (Hop measured : List.of(Hop.INFERENCE_TO_PREDICTIONS, Hop.PREDICTIONS_TO_GATEWAY, Hop.GATEWAY_TO_SOCKET)) {
            assertThat(REGISTRY.get(Hop.METER).tag(Hop.TAG, measured.tagValue()).timer().count()).isEqualTo(1);
        }
    }

    @Test
    void shouldRefuseAnythingButGet() throws Exception {
        HttpResponse<String> response = request("POST");

        assertThat(response.statusCode()).isEqualTo(405);
        assertThat(response.headers().firstValue("Allow")).hasValue("GET");
    }

    @Test
    void shouldLeaveEmptyHopsNullAndNameTheHighestP99Slowest() throws Exception {
        JsonNode body = JSON.readTree(HopsHandler.json(List.of(
                new GatewayHops.HopWindow(Hop.SCORING, 0.2, 0.9),
                new GatewayHops.HopWindow(Hop.INFERENCE_TO_PREDICTIONS, 40.0, 120.0),
                new GatewayHops.HopWindow(Hop.GATEWAY_TO_SOCKET, 0, 0))));

        assertThat(body.path("slowest").asText()).isEqualTo("inference_to_predictions");
        assertThat(hop(body, Hop.GATEWAY_TO_SOCKET).path("p50Ms").isNull()).isTrue();
        assertThat(hop(body, Hop.SCORING).path("p99Ms").asDouble()).isEqualTo(0.9);
    }
}
