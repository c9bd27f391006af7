package io.atlas.perf.wsload;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.atlas.catalog.Topics;
import io.atlas.gateway.server.Gateway;
import io.atlas.gateway.server.GatewayConfig;
import io.atlas.local.junit.WithKafka;
import io.atlas.local.kafka.CatalogTopics;
import io.atlas.local.kafka.KafkaCluster;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.kafka.clients.admin.Admin;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The load generator against a real gateway on the shared broker: a mixed set of clients, predictions of its own,
 * every client checked for gaps and duplicates; and the control mode another program drives it with.
 */
@WithKafka
class LoadGenCommandTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static Gateway gateway;
    private static String bootstrap;

    @BeforeAll
    static void startGateway(KafkaCluster kafka) throws Exception {
        try (Admin admin = kafka.admin()) {
            CatalogTopics.create(admin, List.of(Topics.PREDICTIONS, Topics.PREDICTIONS_LAST,
                    Topics.PREDICTION_OUTCOMES));
        }
        bootstrap = kafka.bootstrapServers();
        gateway = new Gateway(new GatewayConfig(Map.of("ATLAS_KAFKA_BOOTSTRAP", bootstrap,
                GatewayConfig.PORT, "0", GatewayConfig.AUTH, "none",
                GatewayConfig.MAX_CONNECTIONS_PER_CLIENT, "1000")), new SimpleMeterRegistry());
        gateway.start();
        await().atMost(Duration.ofSeconds(60)).until(gateway::ready);
    }

    @AfterAll
    static void stopGateway() {
        gateway.close();
    }

    private static String url() {
        return "ws://127.0.0.1:" + gateway.port() + Gateway.WS_PATH;
    }

    private static int run(LoadGenCommand command, StringWriter out, String... args) {
        CommandLine line = new CommandLine(command);
        line.setOut(new PrintWriter(out, true));
        line.setErr(new PrintWriter(new StringWriter(), true));
        return line.execute(args);
    }

    @Test
    void shouldDeliverEveryProducedUpdateToEveryClientOnce(@TempDir Path out) throws Exception {
        int exit = run(new LoadGenCommand(), new StringWriter(), "--url", url(), "--bootstrap", bootstrap,
                "--clients", "30", "--mix", "few=2,throttled=1,all=1", "--symbols", "50", "--symbol-prefix", "LGA",
                "--produce-rate", "200", "--warmup", "2s", "--duration", "3s", "--drain", "60s",
                "--out", out.toString());

        JsonNode report = JSON.readTree(out.resolve(LoadReport.JSON_FILE).toFile());
        assertThat(exit).as(report.toPrettyString()).isZero();
        assertThat(report.at("/connections/held").asInt()).isEqualTo(30);
        assertThat(report.at("/window/updates").asLong()).isPositive();
        assertThat(report.at("/window/latency/count").asLong()).isPositive();
        assertThat(report.at("/verification/gapsChecked").asBoolean()).isTrue();
        assertThat(report.at("/verification/expected").asLong()).isPositive();
        assertThat(report.at("/verification/gaps").asLong()).isZero();
        assertThat(report.at("/verification/duplicates").asLong()).isZero();
        assertThat(report.at("/verification/unexpected").asLong()).isZero();
        assertThat(out.resolve(LoadReport.MARKDOWN_FILE)).content().contains("**0 gaps**");
    }

    @Test
    void shouldMeasureWindowsOnCommand() throws Exception {
        LoadGenCommand command = new LoadGenCommand();
        command.commands = new StringReader("open\npeek\nclose\nverify\nbogus\nquit\n");
        StringWriter out = new StringWriter();

        int exit = run(command, out, "--url", url(), "--clients", "3", "--mix", "all=1", "--control");

        assertThat(exit).isZero();
        List<JsonNode> answers = new ArrayList<>();
        for (String line : out.toString().split("\n")) {
            answers.add(JSON.readTree(line));
        }
        assertThat(answers).hasSize(6);
        assertThat(answers.get(0).path("ready").asBoolean()).isTrue();
        assertThat(answers.get(0).path("held").asInt()).isEqualTo(3);
        assertThat(answers.get(1).path("opened").asBoolean()).isTrue();
        JsonNode peek = answers.get(2);
        assertThat(peek.path("held").asInt()).isEqualTo(3);
        assertThat(peek.path("closes").isEmpty()).isTrue();
        assertThat(ControlProtocol.decode(peek.path("tickLatencyHistogram").asText()).getTotalCount())
                .isEqualTo(peek.path("updates").asLong());
        JsonNode close = answers.get(3);
        assertThat(close.has("updatesPerSecond")).isTrue();
        assertThat(close.path("held").asInt()).isEqualTo(3);
        assertThat(ControlProtocol.decode(close.path("tickLatencyHistogram").asText()).getTotalCount())
                .isEqualTo(close.path("tickLatency").path("count").asLong());
        assertThat(answers.get(4).path("clientsChecked").asInt()).isEqualTo(3);
        assertThat(answers.get(5).path("error").asText()).contains("bogus");
    }
}
