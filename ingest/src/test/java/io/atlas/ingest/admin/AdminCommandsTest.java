package io.atlas.ingest.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.atlas.catalog.ReleaseKey;
import io.atlas.catalog.Topics;
import io.atlas.events.ModelRelease;
import io.atlas.events.ReleaseStatus;
import io.atlas.events.TradingStatus;
import io.atlas.ingest.bridge.TopicReader;
import io.atlas.ingest.cdc.CdcConfig;
import io.atlas.ingest.cdc.CdcService;
import io.atlas.ingest.cdc.CdcTestDatabase;
import io.atlas.ingest.release.ModelReleases;
import io.atlas.local.junit.WithKafka;
import io.atlas.local.kafka.CatalogTopics;
import io.atlas.local.kafka.KafkaCluster;
import io.atlas.schemas.serde.ContractSerdes;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The admin commands on the real PostgreSQL, with CDC running: their changes reach the compacted topics. */
@WithKafka
class AdminCommandsTest {

    private static final Duration WAIT = Duration.ofSeconds(60);

    private static CdcTestDatabase db;
    private static CdcService cdc;
    private static KafkaCluster kafka;
    private static Map<String, String> env;

    @BeforeAll
    static void startCdc(KafkaCluster cluster) throws Exception {
        kafka = cluster;
        try (Admin admin = kafka.admin()) {
            CatalogTopics.create(admin, Topics.all());
        }
        db = new CdcTestDatabase("cdc_admin");
        Map<String, String> cdcEnv = db.env(kafka.bootstrapServers(), 0);
        cdcEnv.put(CdcConfig.SEED_INSTRUMENTS, "3");
        cdc = CdcService.start(new CdcConfig(cdcEnv));
        await().atMost(WAIT).until(() -> cdc.readiness().up());
        env = Map.of(CdcConfig.PG_SCHEMA, db.name);
    }

    @AfterAll
    static void stopCdc() {
        if (cdc != null) {
            cdc.close();
        }
        if (db != null) {
            await().atMost(WAIT).ignoreExceptions().untilAsserted(db::drop);
        }
    }

    @Test
    void shouldCarryAHaltAndResumeToTheInstrumentsTopic() throws Exception {
        String symbol = db.name.toUpperCase() + "H";
        db.execute("INSERT INTO instruments (symbol, venue, tick_size, currency, lot_size) "
                + "VALUES (?, 'XNAS', 0.01, 'USD', 1)", symbol);
        assertThat(run(new InstrumentsCommand(env), "halt", symbol)).isEqualTo(symbol + " HALTED\n");
        assertThat(run(new InstrumentsCommand(env), "resume", symbol)).isEqualTo(symbol + " TRADING\n");

        List<ConsumerRecord<byte[], byte[]>> records = read(Topics.INSTRUMENTS.name(), symbol, 3);
        assertThat(records).extracting(r -> ContractSerdes.instrument().decode(r).getStatus())
                .containsExactly(TradingStatus.TRADING, TradingStatus.HALTED, TradingStatus.TRADING);
    }

    @Test
    void shouldListTheSeededSimulatorInstruments() {
        String listing = run(new InstrumentsCommand(env), "list");
        assertThat(listing.lines()).hasSizeGreaterThanOrEqualTo(3);
        assertThat(listing).contains("TRADING");
    }

    @Test
    void shouldFailToHaltAnUnknownSymbol() {
        CommandLine command = new CommandLine(new InstrumentsCommand(env));
        command.setErr(new PrintWriter(new StringWriter()));
        assertThat(command.execute("halt", "NO-SUCH-SYMBOL")).isEqualTo(1);
    }

    @Test
    void shouldPublishActivateAndRollBackReleasesThroughTheTopic(@TempDir Path dir) throws Exception {
        String modelId = db.name + "-model";
        Path file = Files.write(dir.resolve("model.bin"), "model bytes v1".getBytes(StandardCharsets.UTF_8));
        run(new ReleaseCommand(env), "publish", "--model-id", modelId, "--file", file.toString(),
                "--algorithm", "logistic-sgd", "--features", "imbalance,spread", "--metric", "auc=0.6");
        Files.write(file, "model bytes v2".getBytes(StandardCharsets.UTF_8));
        run(new ReleaseCommand(env), "publish", "--model-id", modelId, "--version", "2", "--file", file.toString(),
                "--algorithm", "logistic-sgd", "--features", "imbalance,spread", "--shadow");
        run(new ReleaseCommand(env), "activate", "--model-id", modelId, "--version", "2");
        assertThat(run(new ReleaseCommand(env), "rollback", "--model-id", modelId))
                .isEqualTo(modelId + " rolled back to v1 ACTIVE\n");

        List<ModelRelease> events = readReleases(modelId, 6).stream()
                .map(r -> ContractSerdes.modelRelease().decode(r)).toList();
        assertThat(events).extracting(r -> r.getVersion() + " " + r.getStatus()).containsExactly(
                "1 ACTIVE", "2 SHADOW", "1 RETIRED", "2 ACTIVE", "2 RETIRED", "1 ACTIVE");
        ModelRelease first = events.get(0);
        assertThat(first.getDigest()).isEqualTo(
                ModelReleases.sha256("model bytes v1".getBytes(StandardCharsets.UTF_8)));
        assertThat(first.getFeatures()).containsExactly("imbalance", "spread");
        assertThat(first.getMetrics()).containsEntry("auc", 0.6);
        assertThat(events.get(events.size() - 1).getStatus()).isEqualTo(ReleaseStatus.ACTIVE);
    }

    @Test
    void shouldRefuseToReuseAVersionForOtherBytesNamingBothDigests(@TempDir Path dir) throws Exception {
        String modelId = db.name + "-reuse";
        Path first = Files.write(dir.resolve("first.bin"), "first model".getBytes(StandardCharsets.UTF_8));
        Path second = Files.write(dir.resolve("second.bin"), "second model".getBytes(StandardCharsets.UTF_8));
        run(new ReleaseCommand(env), "publish", "--model-id", modelId, "--file", first.toString(),
                "--algorithm", "logistic-sgd", "--features", "imbalance");

        StringWriter err = new StringWriter();
        CommandLine publish = new CommandLine(new ReleaseCommand(env));
        publish.setErr(new PrintWriter(err));
        int exit = publish.execute("publish", "--model-id", modelId, "--version", "1", "--file", second.toString(),
                "--algorithm", "logistic-sgd", "--features", "imbalance");

        assertThat(exit).isEqualTo(1);
        assertThat(err.toString()).isEqualTo(modelId + " v1 is already released with sha256 "
                + ModelReleases.sha256(Files.readAllBytes(first)) + "; this model's sha256 is "
                + ModelReleases.sha256(Files.readAllBytes(second)) + ". A version is never reused with other bytes: "
                + "publish without --version to release it as v2\n");
    }

    @Test
    void shouldPublishAReleaseFileAsTrainingWroteIt(@TempDir Path dir) throws Exception {
        String modelId = db.name + "-file";
        byte[] model = "trained model".getBytes(StandardCharsets.UTF_8);
        ModelRelease trained = ModelRelease.newBuilder()
                .setModelId(modelId).setVersion(0).setAlgorithm("logistic-sgd")
                .setFeatures(List.of("imbalance", "spread_ticks")).setHorizonTicks(3)
                .setModel(ByteBuffer.wrap(model)).setDigest(ModelReleases.sha256(model))
                .setStatus(ReleaseStatus.SHADOW).setCreatedAtMicros(0).setMetrics(Map.of("auc_up_vs_down", 0.74))
                .build();
        Path file = Files.write(dir.resolve("m2.tribuo.release"), ContractSerdes.modelRelease().encode(trained));

        assertThat(run(new ReleaseCommand(env), "publish", "--release", file.toString(), "--shadow"))
                .isEqualTo(modelId + " v1 SHADOW sha256 " + ModelReleases.sha256(model) + "\n");

        ModelRelease published = ContractSerdes.modelRelease().decode(readReleases(modelId, 1).get(0));
        assertThat(published.getStatus()).isEqualTo(ReleaseStatus.SHADOW);
        assertThat(published.getFeatures()).containsExactly("imbalance", "spread_ticks");
        assertThat(published.getHorizonTicks()).isEqualTo(3);
        assertThat(published.getMetrics()).containsEntry("auc_up_vs_down", 0.74);
        assertThat(published.getModel()).isEqualTo(ByteBuffer.wrap(model));
    }

    private static String run(Object command, String... args) {
        StringWriter out = new StringWriter();
        CommandLine line = new CommandLine(command);
        line.setOut(new PrintWriter(out));
        int exit = line.execute(args);
        assertThat(exit).as(String.join(" ", args)).isZero();
        return out.toString();
    }

    /** Every release of a model: one key per release ({@link ReleaseKey}), all on the topic's single partition. */
    private static List<ConsumerRecord<byte[], byte[]>> readReleases(String modelId, int count) {
        try (TopicReader reader = new TopicReader(kafka.clientConfig(), Topics.MODEL_RELEASES.name(),
                r -> new String(r.key(), StandardCharsets.UTF_8).startsWith(ReleaseKey.modelPrefix(modelId)))) {
            return reader.readAtLeast(count, WAIT);
        }
    }

    private static List<ConsumerRecord<byte[], byte[]>> read(String topic, String key, int count) {
        try (TopicReader reader = new TopicReader(kafka.clientConfig(), topic,
                r -> key.equals(new String(r.key(), StandardCharsets.UTF_8)))) {
            return reader.readAtLeast(count, WAIT);
        }
    }
}
