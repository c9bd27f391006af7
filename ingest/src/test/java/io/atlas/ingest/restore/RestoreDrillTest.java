package io.atlas.ingest.restore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.atlas.catalog.ReleaseKey;
import io.atlas.catalog.Topics;
import io.atlas.events.ModelRelease;
import io.atlas.ingest.bridge.TopicReader;
import io.atlas.ingest.cdc.CdcConfig;
import io.atlas.ingest.cdc.CdcService;
import io.atlas.ingest.cdc.CdcTestDatabase;
import io.atlas.ingest.cdc.Schema;
import io.atlas.keda.CdcRollForward;
import io.atlas.keda.PostgresBackup;
import io.atlas.local.junit.WithKafka;
import io.atlas.local.kafka.CatalogTopics;
import io.atlas.local.kafka.KafkaCluster;
import io.atlas.local.process.ChildJvm;
import io.atlas.schemas.serde.ContractSerdes;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The restore drill, for real: the backup script and arguments the CronJob renders dump a schema of the local
 * PostgreSQL while CDC streams it; the schema changes further, then is lost; the restore script brings the backup
 * back, the roll-forward the cluster runs brings the tables forward to what CDC last published and creates the slot,
 * and CDC resumes. Every change, before and after the restore, must be on the topics exactly once, in order per
 * key, and the tables must equal the topics' latest values: counted record by record.
 */
@WithKafka
class RestoreDrillTest {

    private static final Logger log = LoggerFactory.getLogger(RestoreDrillTest.class);
    private static final Duration WAIT = Duration.ofSeconds(90);
    private static final String TOMBSTONE = "<tombstone>";
    private static final String DIGEST = "cd".repeat(32);

    @TempDir
    Path temp;

    @Test
    void shouldRestoreABackupAndResumeCdcWithNoDuplicateAndNoMissingChange(KafkaCluster kafka) throws Exception {
        try (Admin admin = kafka.admin()) {
            CatalogTopics.create(admin, Topics.all());
        }
        CdcTestDatabase db = new CdcTestDatabase("restore_drill");
        String prefix = db.name.toUpperCase() + "-";
        String model = db.name + "-model";
        Map<String, String> cdcEnv = db.env(kafka.bootstrapServers(), 0);
        Path backups = Files.createDirectories(temp.resolve("backups"));
        byte[] modelV1 = randomBytes(1, 150_000);
        byte[] modelV2 = randomBytes(2, 150_000);
        // What each key's records on the topics must be, in order: descriptions (or statuses), or TOMBSTONE.
        Map<String, List<String>> instruments = new LinkedHashMap<>();
        Map<String, List<String>> releases = new LinkedHashMap<>();
        CdcService before = CdcService.start(new CdcConfig(cdcEnv));
        CdcService after = null;
        try (TopicReader instrumentTopic = new TopicReader(kafka.clientConfig(), Topics.INSTRUMENTS.name(),
                r -> key(r).startsWith(prefix));
             TopicReader releaseTopic = new TopicReader(kafka.clientConfig(), Topics.MODEL_RELEASES.name(),
                r -> key(r).startsWith(ReleaseKey.modelPrefix(model)))) {
            await().atMost(WAIT).until(() -> before.readiness().up());

            // 1. Before the nightly backup.
            for (int i = 0; i < 20; i++) {
                insert(db, prefix + i, "v0", instruments);
            }
            for (int i = 0; i < 10; i++) {
                update(db, prefix + i, "v1", instruments);
            }
            release(db, model, 1, "ACTIVE", modelV1, releases);
            release(db, model, 2, "SHADOW", modelV2, releases);
            awaitTopics(instrumentTopic, instruments, releaseTopic, releases);

            // 2. The backup, exactly as the CronJob runs it (script, arguments), against this schema.
            assertThat(script(PostgresBackup.backupArguments(backups.toString(), db.name))).contains("backed up");
            Path backup = onlyBackup(backups);

            // 3. Changes after the backup: the window a restore alone would lose.
            for (int i = 10; i < 15; i++) {
                update(db, prefix + i, "v2", instruments);
            }
            for (int i = 15; i < 17; i++) {
                delete(db, prefix + i, instruments);
            }
            for (int i = 20; i < 23; i++) {
                insert(db, prefix + i, "late", instruments);
            }
            status(db, model, 1, "RETIRED", releases);
            status(db, model, 2, "ACTIVE", releases);
            awaitTopics(instrumentTopic, instruments, releaseTopic, releases);

            // 4. The disaster: CDC stops, the schema is lost (the slot and publication outlive it, as in a crash).
            before.close();
            db.execute("DROP SCHEMA " + db.name + " CASCADE");

            // 5. The restore script: drops the stopped slot, restores the schema, recreates the publication.
            script(PostgresBackup.restoreArguments(backup.toString(), db.name, db.name, db.name));
            assertThat(descriptions(db, prefix)).as("the backup's state: before the late changes")
                    .containsEntry(prefix + 10, "v0").containsEntry(prefix + 15, "v0").doesNotContainKey(prefix + 20);

            // 6. The roll-forward the cluster runs (CdcRollForward's command), with CDC's settings.
            rollForward(cdcEnv);
            assertThat(asTopicsSeeIt(descriptions(db, prefix), instruments)).isEqualTo(latestOf(instruments));
            assertThat(asTopicsSeeIt(statuses(db, model), releases)).isEqualTo(latestOf(releases));

            // 7. CDC resumes from its stored offsets on the new slot; changes go on; a release is restored by version.
            CdcService resumed = CdcService.start(new CdcConfig(cdcEnv));
            after = resumed;
            await().atMost(WAIT).until(() -> resumed.readiness().up());
            for (int i = 0; i < 5; i++) {
                update(db, prefix + i, "after", instruments);
            }
            delete(db, prefix + 5, instruments);
            insert(db, prefix + 23, "after", instruments);
            db.execute("DELETE FROM model_releases WHERE model_id = ? AND version = 1", model);
            releases.get(ReleaseKey.of(model, 1)).add(TOMBSTONE);
            script(PostgresBackup.restoreReleaseArguments(backup.toString(), db.name, model, 1));
            releases.get(ReleaseKey.of(model, 1)).add("RETIRED");

            List<ConsumerRecord<byte[], byte[]>> instrumentRecords = awaitTopic(instrumentTopic, instruments,
                    RestoreDrillTest::description);
            List<ConsumerRecord<byte[], byte[]>> releaseRecords = awaitTopic(releaseTopic, releases,
                    RestoreDrillTest::status);

            // Counted: exactly one record per change made, none for the rows the restore and roll-forward wrote.
            assertThat(byKey(instrumentRecords, RestoreDrillTest::description)).isEqualTo(instruments);
            assertThat(byKey(releaseRecords, RestoreDrillTest::status)).isEqualTo(releases);
            assertThat(instrumentRecords).hasSize(instruments.values().stream().mapToInt(List::size).sum());
            assertThat(releaseRecords).hasSize(releases.values().stream().mapToInt(List::size).sum());
            assertThat(asTopicsSeeIt(descriptions(db, prefix), instruments)).isEqualTo(latestOf(instruments));
            assertThat(asTopicsSeeIt(statuses(db, model), releases)).isEqualTo(latestOf(releases));
            ModelRelease restored = ContractSerdes.modelRelease().decode(releaseRecords.get(releaseRecords.size() - 1));
            assertThat(restored.getVersion()).isEqualTo(1);
            assertThat(bytes(restored.getModel())).as("the backed-up model bytes").isEqualTo(modelV1);
            log.info("Restore drill: {} instrument and {} release records on the topics, one per change made to {} "
                    + "instruments and {} releases", instrumentRecords.size(), releaseRecords.size(), instruments.size(),
                    releases.size());
        } finally {
            before.close();
            if (after != null) {
                after.close();
            }
            await().atMost(WAIT).ignoreExceptions().untilAsserted(db::drop);
        }
    }

    @Test
    void shouldPruneBackupsPastTheRetentionAndRefuseACorruptedOne() throws Exception {
        CdcTestDatabase db = new CdcTestDatabase("backup_retention");
        try {
            Schema.migrate(db.target, db.name);
            Path backups = Files.createDirectories(temp.resolve("retention"));
            DateTimeFormatter stamp = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'");
            ZonedDateTime now = ZonedDateTime.now(ZoneOffset.UTC);
            Path expired = Files.createDirectories(backups.resolve(stamp.format(now.minusDays(
                    PostgresBackup.RETENTION_DAYS + 1))));
            Path kept = Files.createDirectories(backups.resolve(stamp.format(now.minusDays(
                    PostgresBackup.RETENTION_DAYS - 1))));

            script(PostgresBackup.backupArguments(backups.toString(), db.name));

            assertThat(expired).doesNotExist();
            assertThat(kept).exists();
            Path fresh = onlyBackup(backups, kept);
            Path dump = fresh.resolve("atlas.dump");
            byte[] content = Files.readAllBytes(dump);
            content[content.length / 2] ^= 0x55;
            Files.write(dump, content);
            Result verify = run(PostgresBackup.command(scriptFile().toString(), List.of("verify", "--backup",
                    fresh.toString())));
            assertThat(verify.exit()).isNotZero();
            assertThat(verify.output()).contains("checksums do not match");
        } finally {
            db.drop();
        }
    }

    @Test
    void shouldRenderWhatCdcAndThisModuleUse() {
        CdcConfig defaults = new CdcConfig(Map.of("ATLAS_KAFKA_BOOTSTRAP", "unused:9092"));

        assertThat(PostgresBackup.SCHEMA).isEqualTo(defaults.schema());
        assertThat(PostgresBackup.SLOT).isEqualTo(defaults.slot()).isEqualTo(CdcConfig.DEFAULT_SLOT);
        assertThat(PostgresBackup.PUBLICATION).isEqualTo(defaults.publication());
        assertThat(mainClass()).isEqualTo(RollForward.class.getName());
    }

    /** The main class of the rendered roll-forward command ({@code java -cp <classpath> <main> <args...>}). */
    private static String mainClass() {
        List<String> command = CdcRollForward.command();
        return command.get(command.indexOf("-cp") + 2);
    }

    private void rollForward(Map<String, String> cdcEnv) throws Exception {
        List<String> command = CdcRollForward.command();
        List<String> args = command.subList(command.indexOf("-cp") + 3, command.size());
        Path logFile = Path.of("target", "roll-forward-" + System.nanoTime() + ".log");
        try (ChildJvm rollForward = ChildJvm.start("roll-forward", List.of("-Xmx512m"),
                System.getProperty("java.class.path"), mainClass(), args, cdcEnv, logFile)) {
            int exit = rollForward.awaitExit(WAIT);
            String output = Files.readString(logFile);
            log.info("roll-forward: {}", output.lines().filter(line -> line.startsWith("Rolled forward")
                    || line.startsWith("Created replication slot")).toList());
            assertThat(exit).as(output).isZero();
        }
    }

    private String script(List<String> arguments) throws Exception {
        Result result = run(PostgresBackup.command(scriptFile().toString(), arguments));
        assertThat(result.exit()).as(result.output()).isZero();
        return result.output();
    }

    private Path scriptFile() throws IOException {
        Path script = temp.resolve(PostgresBackup.SCRIPT);
        if (!Files.exists(script)) {
            Files.writeString(script, PostgresBackup.script());
        }
        return script;
    }

    private record Result(int exit, String output) {
    }

    /** Runs a command with libpq pointed at the local PostgreSQL, as the CronJob points it at the cluster's. */
    private static Result run(List<String> command) throws Exception {
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().putAll(PostgresBackup.connection("127.0.0.1", 5432, "atlas", "atlas"));
        builder.environment().put(PostgresBackup.PASSWORD, "atlas");
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(WAIT.toSeconds(), TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IllegalStateException(command + " did not finish within " + WAIT);
        }
        return new Result(process.exitValue(), output);
    }

    private static Path onlyBackup(Path backups, Path... others) throws IOException {
        try (Stream<Path> folders = Files.list(backups)) {
            List<Path> found = folders.filter(Files::isDirectory).filter(folder -> !Arrays.asList(others)
                    .contains(folder)).toList();
            assertThat(found).hasSize(1);
            return found.get(0);
        }
    }

    private static void insert(CdcTestDatabase db, String symbol, String description,
                               Map<String, List<String>> expected) throws Exception {
        db.execute("INSERT INTO instruments (symbol, venue, tick_size, currency, lot_size, description) "
                + "VALUES (?, 'XNAS', 0.01, 'USD', 1, ?)", symbol, description);
        expected.computeIfAbsent(symbol, k -> new ArrayList<>()).add(description);
    }

    private static void update(CdcTestDatabase db, String symbol, String description,
                               Map<String, List<String>> expected) throws Exception {
        db.execute("UPDATE instruments SET description = ? WHERE symbol = ?", description, symbol);
        expected.get(symbol).add(description);
    }

    private static void delete(CdcTestDatabase db, String symbol, Map<String, List<String>> expected)
            throws Exception {
        db.execute("DELETE FROM instruments WHERE symbol = ?", symbol);
        expected.get(symbol).add(TOMBSTONE);
    }

    private static void release(CdcTestDatabase db, String model, int version, String status, byte[] bytes,
                                Map<String, List<String>> expected) throws Exception {
        db.execute("INSERT INTO model_releases (model_id, version, algorithm, features, model, digest, status, "
                + "metrics) VALUES (?, ?, 'logistic-sgd', ARRAY['imbalance','spread'], ?, ?, ?, "
                + "'{\"auc\": 0.7}'::jsonb)", model, version, bytes, DIGEST, status);
        expected.computeIfAbsent(ReleaseKey.of(model, version), k -> new ArrayList<>()).add(status);
    }

    private static void status(CdcTestDatabase db, String model, int version, String status,
                               Map<String, List<String>> expected) throws Exception {
        db.execute("UPDATE model_releases SET status = ? WHERE model_id = ? AND version = ?", status, model, version);
        expected.get(ReleaseKey.of(model, version)).add(status);
    }

    private static void awaitTopics(TopicReader instrumentTopic, Map<String, List<String>> instruments,
                                    TopicReader releaseTopic, Map<String, List<String>> releases) {
        awaitTopic(instrumentTopic, instruments, RestoreDrillTest::description);
        awaitTopic(releaseTopic, releases, RestoreDrillTest::status);
    }

    /** Waits until every key's latest record is its expected last change, then reads a little longer for extras. */
    private static List<ConsumerRecord<byte[], byte[]>> awaitTopic(
            TopicReader reader, Map<String, List<String>> expected,
            Function<ConsumerRecord<byte[], byte[]>, String> value) {
        await().atMost(WAIT).until(() -> latest(reader.poll(), value).equals(latestOf(expected)));
        int count = expected.values().stream().mapToInt(List::size).sum();
        return reader.readAtLeast(count, WAIT);
    }

    private static Map<String, List<String>> byKey(List<ConsumerRecord<byte[], byte[]>> records,
            Function<ConsumerRecord<byte[], byte[]>, String> value) {
        Map<String, List<String>> byKey = new LinkedHashMap<>();
        records.forEach(r -> byKey.computeIfAbsent(key(r), k -> new ArrayList<>()).add(value.apply(r)));
        return byKey;
    }

    private static Map<String, String> latest(List<ConsumerRecord<byte[], byte[]>> records,
            Function<ConsumerRecord<byte[], byte[]>, String> value) {
        Map<String, String> latest = new HashMap<>();
        records.forEach(r -> latest.put(key(r), value.apply(r)));
        return latest;
    }

    /** Each key's last expected change; a deleted row's is the tombstone. */
    private static Map<String, String> latestOf(Map<String, List<String>> expected) {
        Map<String, String> last = new HashMap<>();
        expected.forEach((key, values) -> last.put(key, values.get(values.size() - 1)));
        return last;
    }

    /** The table as the topics' latest values show it: each row's value, TOMBSTONE for an expected key with no row. */
    private static Map<String, String> asTopicsSeeIt(Map<String, String> rows, Map<String, List<String>> expected) {
        Map<String, String> seen = new HashMap<>(rows);
        expected.keySet().forEach(key -> seen.putIfAbsent(key, TOMBSTONE));
        return seen;
    }

    /**
     * This drill's instruments in the table. The broker is shared with the other suites of this JVM, so the
     * roll-forward also writes their keys (the topic is one source for every row); they are not this drill's.
     */
    private static Map<String, String> descriptions(CdcTestDatabase db, String prefix) throws Exception {
        Map<String, String> descriptions = new HashMap<>();
        rows(db, "SELECT symbol, description FROM instruments", "symbol").forEach((symbol, description) -> {
            if (symbol.startsWith(prefix)) {
                descriptions.put(symbol, description);
            }
        });
        return descriptions;
    }

    private static Map<String, String> statuses(CdcTestDatabase db, String model) throws Exception {
        Map<String, String> statuses = new HashMap<>();
        rows(db, "SELECT model_id || ':' || version AS key, status FROM model_releases", "key")
                .forEach((key, status) -> {
                    if (key.startsWith(ReleaseKey.modelPrefix(model))) {
                        statuses.put(key, status);
                    }
                });
        return statuses;
    }

    private static Map<String, String> rows(CdcTestDatabase db, String sql, String keyColumn) throws Exception {
        Map<String, String> rows = new HashMap<>();
        try (Connection connection = db.target.connect(); Statement statement = connection.createStatement();
             ResultSet result = statement.executeQuery(sql)) {
            while (result.next()) {
                rows.put(result.getString(keyColumn), result.getString(2));
            }
        }
        return rows;
    }

    private static String key(ConsumerRecord<byte[], byte[]> record) {
        return new String(record.key(), StandardCharsets.UTF_8);
    }

    private static String description(ConsumerRecord<byte[], byte[]> record) {
        return record.value() == null ? TOMBSTONE
                : ContractSerdes.instrument().decode(record).getDescription();
    }

    private static String status(ConsumerRecord<byte[], byte[]> record) {
        return record.value() == null ? TOMBSTONE : ContractSerdes.modelRelease().decode(record).getStatus().name();
    }

    private static byte[] randomBytes(long seed, int size) {
        byte[] bytes = new byte[size];
        new Random(seed).nextBytes(bytes); // incompressible: stored out of line (TOAST), as real models are
        return bytes;
    }

    private static byte[] bytes(ByteBuffer buffer) {
        byte[] copy = new byte[buffer.remaining()];
        buffer.duplicate().get(copy);
        return copy;
    }
}
