package io.atlas.gateway.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.atlas.catalog.Hop;
import io.atlas.events.MoveDirection;
import io.atlas.events.PredictionOutcome;
import io.atlas.gateway.evaluation.HitRateWindow;
import io.atlas.gateway.ops.GatewayHops;
import io.atlas.gateway.ops.GatewayMetrics;
import io.atlas.local.junit.WithKafka;
import io.atlas.local.kafka.KafkaCluster;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.withinPercentage;

/**
 * The live page's JSON on a real gateway: {@code /api/hops} gives back a prediction's stamps and the gateway's own
 * times per hop; {@code /api/hit-rate} the outcomes produced to the outcomes topic, per model version.
 */
@WithKafka
class JsonEndpointsTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final SimpleMeterRegistry REGISTRY = new SimpleMeterRegistry();
    private static Fixtures fixtures;
    private static Gateway gateway;

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

    private static HttpResponse<String> request(String method) throws Exception {
        return Fixtures.http(gateway, method, HopsJson.PATH);
    }

    private static JsonNode hop(JsonNode body, Hop hop) {
        for (JsonNode node : body.path("hops")) {
            if (node.path("hop").asText().equals(hop.tagValue())) {
                return node;
            }
        }
        throw new AssertionError("no " + hop.tagValue() + " in " + body);
    }

    /** The served versions of {@code model}: the broker is shared, other tests' outcomes may be in the window. */
    private static List<JsonNode> versionsOf(String model) throws Exception {
        HttpResponse<String> response = Fixtures.http(gateway, "GET", HitRateJson.PATH);
        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode body = JSON.readTree(response.body());
        assertThat(body.path("windowSeconds").asLong()).isEqualTo(HitRateWindow.WINDOW.toSeconds());
        List<JsonNode> versions = new ArrayList<>();
        body.path("versions").forEach(v -> {
            if (v.path("model").asText().equals(model)) {
                versions.add(v);
            }
        });
        return versions;
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

    @ParameterizedTest
    @ValueSource(strings = {HopsJson.PATH, HitRateJson.PATH})
    void shouldRefuseAnythingButGet(String path) throws Exception {
        HttpResponse<String> response = Fixtures.http(gateway, "POST", path);

        assertThat(response.statusCode()).isEqualTo(405);
        assertThat(response.headers().firstValue("Allow")).hasValue("GET");
    }

    @Test
    void shouldLeaveEmptyHopsNullAndNameTheHighestP99Slowest() throws Exception {
        JsonNode body = JSON.readTree(HopsJson.json(List.of(
                new GatewayHops.HopWindow(Hop.SCORING, 0.2, 0.9),
                new GatewayHops.HopWindow(Hop.INFERENCE_TO_PREDICTIONS, 40.0, 120.0),
                new GatewayHops.HopWindow(Hop.GATEWAY_TO_SOCKET, 0, 0))));

        assertThat(body.path("slowest").asText()).isEqualTo("inference_to_predictions");
        assertThat(hop(body, Hop.GATEWAY_TO_SOCKET).path("p50Ms").isNull()).isTrue();
        assertThat(hop(body, Hop.SCORING).path("p99Ms").asDouble()).isEqualTo(0.9);
    }

    @Test
    void shouldServeTheHitRateOfEachVersionAndKindPastAnUndecodableOutcome() throws Exception {
        String model = Fixtures.symbol("model-");
        PredictionOutcome first = Fixtures.outcome(model, 3, false, true, 0.5);
        first.setOptimumHit(true);
        first.setOptimumLogLoss(0.5);
        // Same key, same partition: the feed must get past the garbled record to read the first outcome.
        fixtures.garbledOutcome(first.getPrediction().getSymbol().toString());
        fixtures.judged(first);
        fixtures.judged(Fixtures.outcome(model, 3, false, true, 0.75));
        PredictionOutcome third = Fixtures.outcome(model, 3, false, false, 1.6);
        third.setRealized(MoveDirection.DOWN);
        third.setOptimumHit(true);
        third.setOptimumLogLoss(0.7);
        fixtures.judged(third);
        fixtures.judged(Fixtures.outcome(model, 4, true, false, 2.0));

        Awaitility.await().atMost(TestClient.WAIT).until(() ->
                versionsOf(model).stream().mapToLong(v -> v.path("judged").asLong()).sum() == 4);

        List<JsonNode> versions = versionsOf(model);
        assertThat(versions).hasSize(2);
        String named = "{\"model\":\"" + model + "\",";
        assertThat(versions.get(0).toString()).isEqualTo(named
                + "\"version\":3,\"kind\":\"active\",\"judged\":3,\"hits\":2,\"hitRate\":0.667,\"meanLogLoss\":0.95,"
                + "\"prior\":{\"hitRate\":0.667,\"logLoss\":0.637},"
                + "\"optimum\":{\"judged\":2,\"hitRate\":1.0,\"meanLogLoss\":0.6}}");
        assertThat(versions.get(1).toString()).isEqualTo(named
                + "\"version\":4,\"kind\":\"shadow\",\"judged\":1,\"hits\":0,\"hitRate\":0.0,\"meanLogLoss\":2.0,"
                + "\"prior\":{\"hitRate\":1.0,\"logLoss\":0.0},\"optimum\":null}");
        assertThat(REGISTRY.get(GatewayMetrics.PREFIX + "outcomes.invalid").counter().count()).isEqualTo(1);
    }

    @Test
    void shouldServeAnEmptyListBeforeAnythingWasJudged() {
        assertThat(HitRateJson.json(List.of())).isEqualTo("{\"windowSeconds\":300,\"versions\":[]}");
    }
}
