package io.atlas.perf.walkthrough;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.atlas.catalog.ReleaseKey;
import io.atlas.catalog.Topics;
import io.atlas.events.MarketTick;
import io.atlas.events.ModelRelease;
import io.atlas.events.ReleaseStatus;
import io.atlas.ingest.cdc.CdcConfig;
import io.atlas.ingest.cdc.CdcService;
import io.atlas.ingest.cdc.EmbeddedDatabase;
import io.atlas.ingest.cdc.PgTarget;
import io.atlas.ingest.release.ModelReleases;
import io.atlas.ingest.simulate.SimulatedInstrument;
import io.atlas.ingest.simulate.SimulatedInstruments;
import io.atlas.local.junit.WithKafka;
import io.atlas.local.kafka.CatalogTopics;
import io.atlas.local.kafka.FreePort;
import io.atlas.local.kafka.KafkaCluster;
import io.atlas.perf.trace.ServingModel;
import io.atlas.schemas.serde.ContractSerdes;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs README.md's "Roll out a model" walk-through as written: every command of its code blocks, read from the README
 * in order, through the real {@code ./atlas} script, in a folder of its own, against a broker and ingest-cdc on its
 * embedded PostgreSQL (as {@code ./atlas up} runs it, found through {@code ATLAS_KAFKA_BOOTSTRAP} and
 * {@code ATLAS_PG_URL} as on any deployment), after what the local run has by then: the simulator's ticks and
 * instruments, and v1 ACTIVE as CDC releases the scorer's first-start model. Each command must succeed, print what
 * the README says, and change the releases on {@code atlas.model-releases} as it says.
 */
@WithKafka
class RolloutWalkthroughTest {

    private static final Path README = Path.of("..", "README.md");
    private static final Path ATLAS = Path.of("..", "atlas").toAbsolutePath().normalize();
    private static final String SECTION = "### Roll out a model";
    private static final String MODEL = ServingModel.MODEL_ID;
    private static final int TICKS = 20_000;
    private static final Duration WAIT = Duration.ofSeconds(90);

    /** What each command of the walk-through prints and leaves on the release topic, in the README's order. */
    private record Step(String command, String printed, Map<Integer, ReleaseStatus> releases) {
    }

    private static final List<Step> STEPS = List.of(
            new Step("./atlas admin train ", "", Map.of(1, ReleaseStatus.ACTIVE)),
            new Step("./atlas admin release publish ", MODEL + " v2 SHADOW sha256 ",
                    Map.of(1, ReleaseStatus.ACTIVE, 2, ReleaseStatus.SHADOW)),
            new Step("./atlas admin release activate ", MODEL + " v2 ACTIVE",
                    Map.of(1, ReleaseStatus.RETIRED, 2, ReleaseStatus.ACTIVE)),
            new Step("./atlas admin release rollback ", MODEL + " rolled back to v1 ACTIVE",
                    Map.of(1, ReleaseStatus.ACTIVE, 2, ReleaseStatus.RETIRED)));

    @Test
    void shouldRollOutAndBackAsTheReadmeSays(KafkaCluster kafka, @TempDir Path dir) throws Exception {
        List<String> commands = walkthroughCommands();
        assertThat(commands).as("the commands of README.md's " + SECTION)
                .hasSameSizeAs(STEPS)
                .allSatisfy(command -> assertThat(command).startsWith("./atlas admin "));
        try (Admin admin = kafka.admin()) {
            CatalogTopics.create(admin, Topics.all());
        }
        long started = System.currentTimeMillis();
        int pgPort = FreePort.find();
        String name = "walkthrough_" + Long.toString(System.nanoTime() % 100_000_000L, 36);
        String pgUrl = "jdbc:postgresql://127.0.0.1:" + pgPort + "/" + EmbeddedDatabase.DATABASE;
        List<SimulatedInstrument> instruments = SimulatedInstruments.first(SimulatedInstruments.DEFAULT_COUNT);
        try (CdcService cdc = CdcService.start(new CdcConfig(Map.of(
                "ATLAS_KAFKA_BOOTSTRAP", kafka.bootstrapServers(),
                "ATLAS_HTTP_PORT", "0",
                CdcConfig.PG_EMBEDDED, "true",
                CdcConfig.PG_EMBEDDED_PORT, Integer.toString(pgPort),
                CdcConfig.SEED_INSTRUMENTS, Integer.toString(instruments.size()),
                CdcConfig.NAME, name)));
             ReleaseRecords releases = new ReleaseRecords(kafka, started)) {
            await().atMost(WAIT).until(() -> cdc.readiness().up());
            new ModelReleases(PgTarget.of(pgUrl, "atlas", "atlas", "public"))
                    .releaseProposal(ServingModel.trained(instruments, 0, 7));
            writeTicks(kafka, instruments);
            Map<String, String> env = Map.of("ATLAS_KAFKA_BOOTSTRAP", kafka.bootstrapServers(),
                    "ATLAS_PG_URL", pgUrl, "ATLAS_RUN_DIR", dir.resolve("no-run").toString());
            for (int i = 0; i < STEPS.size(); i++) {
                Step step = STEPS.get(i);
                String command = commands.get(i);
                assertThat(command).as("step " + (i + 1) + " of the walk-through").startsWith(step.command());

                String printed = run(command, dir, env);

                assertThat(printed).as(command).contains(step.printed());
                await().atMost(WAIT).pollInSameThread().untilAsserted(() -> assertThat(releases.statuses()).as(command)
                        .isEqualTo(step.releases()));
            }
            assertThat(dir.resolve("m2.tribuo.release")).as("the release file train wrote").isNotEmptyFile();
        }
    }

    /** Every command line of the README section's code blocks, in order (comments and blank lines left out). */
    private static List<String> walkthroughCommands() throws Exception {
        List<String> lines = Files.readAllLines(README, StandardCharsets.UTF_8);
        int start = lines.indexOf(SECTION);
        assertThat(start).as("README.md has a section " + SECTION).isNotNegative();
        List<String> commands = new ArrayList<>();
        boolean inCode = false;
        for (String line : lines.subList(start + 1, lines.size())) {
            if (!inCode && line.startsWith("#")) {
                break;
            }
            if (line.startsWith("```")) {
                inCode = !inCode;
            } else if (inCode && !line.isBlank() && !line.startsWith("#")) {
                commands.add(line.trim());
            }
        }
        return commands;
    }

    /** Runs a README command line with bash in {@code dir}, the checkout's {@code ./atlas} standing for itself. */
    private static String run(String command, Path dir, Map<String, String> env) throws Exception {
        String line = ATLAS + command.substring("./atlas".length());
        Path output = dir.resolve("output.txt");
        ProcessBuilder builder = new ProcessBuilder("bash", "-c", line).directory(dir.toFile())
                .redirectErrorStream(true).redirectOutput(output.toFile());
        builder.environment().putAll(env);
        Process process = builder.start();
        if (!process.waitFor(WAIT.toSeconds(), TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IllegalStateException(command + " did not finish within " + WAIT);
        }
        String printed = Files.readString(output, StandardCharsets.UTF_8);
        assertThat(process.exitValue()).as(command + " exit code; it printed:\n" + printed).isZero();
        return printed;
    }

    /** The simulator's ticks on the ticks topic, as the local run has them when the walk-through starts. */
    private static void writeTicks(KafkaCluster kafka, List<SimulatedInstrument> instruments) throws Exception {
        try (KafkaProducer<String, MarketTick> producer = new KafkaProducer<>(new HashMap<>(kafka.clientConfig()),
                Topics.TICKS.keySerde().serializer(), Topics.TICKS.valueSerde().serializer())) {
            for (MarketTick tick : ServingModel.ticks(instruments, 3, TICKS)) {
                producer.send(new ProducerRecord<>(Topics.TICKS.name(), tick.getSymbol().toString(), tick));
            }
            producer.flush();
        }
    }

    /**
     * The latest status of each version of the model on the release topic, from records committed since the test
     * started (the broker is shared: other tests' releases of the same model id came before).
     */
    private static final class ReleaseRecords implements AutoCloseable {
        private final KafkaConsumer<byte[], byte[]> consumer;
        private final long since;
        private final Map<Integer, ReleaseStatus> latest = new HashMap<>();

        ReleaseRecords(KafkaCluster kafka, long since) {
            this.since = since;
            consumer = new KafkaConsumer<>(new HashMap<>(kafka.clientConfig()), new ByteArrayDeserializer(),
                    new ByteArrayDeserializer());
            List<TopicPartition> partitions = new ArrayList<>();
            for (PartitionInfo p : consumer.partitionsFor(Topics.MODEL_RELEASES.name())) {
                partitions.add(new TopicPartition(p.topic(), p.partition()));
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
        }

        Map<Integer, ReleaseStatus> statuses() {
            for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                String key = new String(record.key(), StandardCharsets.UTF_8);
                if (record.timestamp() < since || record.value() == null
                        || !key.startsWith(ReleaseKey.modelPrefix(MODEL))) {
                    continue;
                }
                ModelRelease release = ContractSerdes.modelRelease().decode(record);
                latest.put(release.getVersion(), release.getStatus());
            }
            return Map.copyOf(latest);
        }

        @Override
        public void close() {
            consumer.close();
        }
    }
}
