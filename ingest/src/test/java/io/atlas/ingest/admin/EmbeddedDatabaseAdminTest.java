package io.atlas.ingest.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.atlas.catalog.ReleaseKey;
import io.atlas.catalog.Topics;
import io.atlas.events.ReleaseStatus;
import io.atlas.ingest.bridge.TopicReader;
import io.atlas.ingest.cdc.CdcConfig;
import io.atlas.ingest.cdc.CdcService;
import io.atlas.ingest.cdc.EmbeddedDatabase;
import io.atlas.local.junit.WithKafka;
import io.atlas.local.kafka.CatalogTopics;
import io.atlas.local.kafka.FreePort;
import io.atlas.local.kafka.KafkaCluster;
import io.atlas.schemas.serde.ContractSerdes;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * CDC as the local run starts it (an embedded PostgreSQL on the port the launcher picked), and the admin commands
 * against it given nothing but its URL: the role, password and database are a real server's defaults.
 */
@WithKafka
class EmbeddedDatabaseAdminTest {

    private static final Duration WAIT = Duration.ofSeconds(90);

    @Test
    void shouldServeTheAdminCommandsAtTheUrlTheLocalRunRecords(KafkaCluster kafka, @TempDir Path dir)
            throws Exception {
        try (Admin admin = kafka.admin()) {
            CatalogTopics.create(admin, Topics.all());
        }
        int port = FreePort.find();
        String name = "embedded_" + Long.toString(System.nanoTime() % 100_000_000L, 36);
        Map<String, String> cdcEnv = Map.of(
                "ATLAS_KAFKA_BOOTSTRAP", kafka.bootstrapServers(),
                "ATLAS_HTTP_PORT", "0",
                CdcConfig.PG_EMBEDDED, "true",
                CdcConfig.PG_EMBEDDED_PORT, Integer.toString(port),
                CdcConfig.SEED_INSTRUMENTS, "3",
                CdcConfig.NAME, name);
        try (CdcService cdc = CdcService.start(new CdcConfig(cdcEnv))) {
            await().atMost(WAIT).until(() -> cdc.readiness().up());
            Map<String, String> adminEnv = Map.of(CdcConfig.PG_URL, "jdbc:postgresql://127.0.0.1:" + port + "/"
                    + EmbeddedDatabase.DATABASE);

            assertThat(run(new InstrumentsCommand(adminEnv), "list").lines()).hasSize(3);
            String modelId = name + "-model";
            Path model = Files.write(dir.resolve("model.bin"), "model".getBytes(StandardCharsets.UTF_8));
            assertThat(run(new ReleaseCommand(adminEnv), "publish", "--model-id", modelId, "--file",
                    model.toString(), "--algorithm", "logistic-sgd", "--features", "imbalance"))
                    .startsWith(modelId + " v1 ACTIVE");

            List<ConsumerRecord<byte[], byte[]>> releases;
            try (TopicReader reader = new TopicReader(kafka.clientConfig(), Topics.MODEL_RELEASES.name(),
                    r -> new String(r.key(), StandardCharsets.UTF_8).equals(ReleaseKey.of(modelId, 1)))) {
                releases = reader.readAtLeast(1, WAIT);
            }
            assertThat(releases).extracting(r -> ContractSerdes.modelRelease().decode(r).getStatus())
                    .containsExactly(ReleaseStatus.ACTIVE);
        }
    }

    private static String run(Object command, String... args) {
        StringWriter out = new StringWriter();
        CommandLine line = new CommandLine(command);
        line.setOut(new PrintWriter(out));
        assertThat(line.execute(args)).as(String.join(" ", args)).isZero();
        return out.toString();
    }
}
