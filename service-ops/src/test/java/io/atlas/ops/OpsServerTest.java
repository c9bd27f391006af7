package io.atlas.ops;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

class OpsServerTest {

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final AtomicReference<Health> readiness = new AtomicReference<>(Health.down("catching up"));
    private final ServiceMetrics metrics = new ServiceMetrics("ops-test");
    private final OpsServer server = OpsServer.start(0, metrics.registry(), () -> Health.up("running"), readiness::get);

    @AfterEach
    void stop() {
        server.close();
        metrics.close();
    }

    @Test
    void shouldAnswerLivenessWith200AndTheDetail() throws Exception {
        HttpResponse<String> response = get(OpsServer.LIVENESS);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("{\"status\":\"UP\",\"detail\":\"running\"}\n");
    }

    @Test
    void shouldAnswerReadinessWith503UntilReady() throws Exception {
        assertThat(get(OpsServer.READINESS).statusCode()).isEqualTo(503);
        assertThat(get(OpsServer.READINESS).body()).contains("\"DOWN\"").contains("catching up");

        readiness.set(Health.up("caught up"));

        assertThat(get(OpsServer.READINESS).statusCode()).isEqualTo(200);
    }

    @Test
    void shouldReportAFailingCheckAsDownRatherThanFail() throws Exception {
        readiness.set(null);
        try (OpsServer failing = OpsServer.start(0, metrics.registry(), () -> Health.up("x"), () -> {
            throw new IllegalStateException("store \"ticks\" closed");
        })) {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + failing.port() + OpsServer.READINESS)).build(),
                    HttpResponse.BodyHandlers.ofString());

            assertThat(response.statusCode()).isEqualTo(503);
            assertThat(response.body()).contains("store \\\"ticks\\\" closed");
        }
    }

    @Test
    void shouldServeJvmMetricsTaggedWithTheApplicationToPrometheus() throws Exception {
        HttpResponse<String> response = get(OpsServer.METRICS);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(type ->
                assertThat(type).startsWith("text/plain"));
        assertThat(response.body()).contains("jvm_memory_used_bytes{application=\"ops-test\"");
    }

    @Test
    void shouldAnswerUnknownPathsWith404() throws Exception {
        assertThat(get("/nothing-here").statusCode()).isEqualTo(404);
    }

    @Test
    void shouldRefuseWritesWith405() throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(uri(OpsServer.READINESS))
                .POST(HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(405);
        assertThat(response.headers().firstValue("Allow")).hasValue("GET, HEAD");
    }

    private HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(uri(path)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + server.port() + path);
    }
}
