package io.atlas.ingest.cdc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.atlas.catalog.Topics;
import io.atlas.ingest.IngestCli;
import io.atlas.ingest.bridge.TopicReader;
import io.atlas.local.junit.WithKafka;
import io.atlas.local.kafka.CatalogTopics;
import io.atlas.local.kafka.FreePort;
import io.atlas.local.kafka.KafkaCluster;
import io.atlas.local.process.ChildJvm;
import io.atlas.ops.OpsServer;
import io.atlas.schemas.serde.ContractSerdes;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs {@code atlas-ingest cdc} in a JVM of its own, kills it with SIGKILL while changes stream, changes the tables
 * while it is down, and starts it again: every change must reach the topic in order per key, the last value per key
 * must equal the table, and the restart must resume from the stored offsets instead of taking a new snapshot.
 */
@WithKafka
class CdcRestartTest {

    private static final Logger log = LoggerFactory.getLogger(CdcRestartTest.class);
    private static final Duration WAIT = Duration.ofSeconds(90);
    private static final String TOMBSTONE = "<tombstone>";

    @Test
    void shouldResumeWithoutSnapshotOrLossAfterAHardKill(KafkaCluster kafka) throws Exception {
        try (Admin admin = kafka.admin()) {
            CatalogTopics.create(admin, Topics.all());
        }
        CdcTestDatabase db = new CdcTestDatabase("cdc_restart");
        String prefix = db.name.toUpperCase() + "-";
        int port = FreePort.find();
        Path logFile = Path.of("target", "cdc-restart-" + db.name + ".log");
        // What the topic must show per symbol, in order: descriptions, or TOMBSTONE for a delete.
        Map<String, List<String>> expected = new LinkedHashMap<>();
        try (TopicReader reader = new TopicReader(kafka.clientConfig(), Topics.INSTRUMENTS.name(),
                r -> new String(r.key(), StandardCharsets.UTF_8).startsWith(prefix))) {
            try (ChildJvm first = startCdc(db, kafka, port, logFile)) {
                awaitReady(port, first);
                for (int i = 0; i < 100; i++) {
                    insert(db, prefix + i, "0", expected);
                }
                await().atMost(WAIT).until(() -> reader.poll().size() >= 100);
                // Rows 0-49 change while the process runs; it is killed with changes in flight.
                for (int round = 1; round <= 4; round++) {
                    for (int i = 0; i < 50; i++) {
                        update(db, prefix + i, "up" + round, expected);
                    }
                }
                ProcessHandle.of(first.pid()).orElseThrow().destroyForcibly();
                ProcessHandle.of(first.pid()).ifPresent(p -> p.onExit().join());
            }
            int seenAtKill = reader.poll().size();
            log.info("CDC killed with {} of {} changes on the topic", seenAtKill, 300);
            // Rows 50-99 change, some are deleted and new ones inserted while nothing captures.
            for (int round = 1; round <= 4; round++) {
                for (int i = 50; i < 100; i++) {
                    update(db, prefix + i, "down" + round, expected);
                }
            }
            for (int i = 90; i < 100; i++) {
                db.execute("DELETE FROM instruments WHERE symbol = ?", prefix + i);
                expected.get(prefix + i).add(TOMBSTONE);
            }
            for (int i = 100; i < 110; i++) {
                insert(db, prefix + i, "new", expected);
            }
            int total = expected.values().stream().mapToInt(List::size).sum();

            try (ChildJvm second = startCdc(db, kafka, port, logFile)) {
                awaitReady(port, second);
                await().atMost(WAIT).until(() -> latestValues(reader.poll()).equals(lastOf(expected)));
                List<ConsumerRecord<byte[], byte[]>> records = reader.readAtLeast(total, WAIT);
                Map<String, List<String>> seen = new HashMap<>();
                for (ConsumerRecord<byte[], byte[]> record : records) {
                    seen.computeIfAbsent(new String(record.key(), StandardCharsets.UTF_8), k -> new ArrayList<>())
                            .add(valueOf(record));
                }
                int duplicates = records.size() - total;
                log.info("CDC restart: {} changes made, {} records on the topic ({} re-sent)", total,
                        records.size(), duplicates);
                for (Map.Entry<String, List<String>> e : expected.entrySet()) {
                    // Every change, in order; a change re-sent after the crash may repeat right after itself.
                    assertThat(withoutRepeats(seen.get(e.getKey()))).as(e.getKey()).isEqualTo(e.getValue());
                }
                assertThat(latestValues(records)).isEqualTo(lastOf(expected)).isEqualTo(tableState(db, prefix));
                // A new snapshot would re-send all 110 rows; resuming re-sends at most the batch in flight.
                assertThat(duplicates).isLessThan(50);
            } finally {
                await().atMost(WAIT).ignoreExceptions().untilAsserted(db::drop);
            }
        }
        // Debezium's own account: the second start found its offsets and skipped the snapshot.
        String childLog = Files.readString(logFile);
        assertThat(childLog).contains("A previous offset indicating a completed snapshot has been found")
                .contains("Snapshot ended with SnapshotResult [status=SKIPPED");
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

    private static String valueOf(ConsumerRecord<byte[], byte[]> record) {
        return record.value() == null ? TOMBSTONE
                : ContractSerdes.instrument().decode(record).getDescription().toString();
    }

    private static List<String> withoutRepeats(List<String> values) {
        List<String> result = new ArrayList<>();
        for (String value : values) {
            if (result.isEmpty() || !result.get(result.size() - 1).equals(value)) {
                result.add(value);
            }
        }
        return result;
    }

    private static Map<String, String> latestValues(List<ConsumerRecord<byte[], byte[]>> records) {
        Map<String, String> latest = new HashMap<>();
        for (ConsumerRecord<byte[], byte[]> record : records) {
            latest.put(new String(record.key(), StandardCharsets.UTF_8), valueOf(record));
        }
        return latest;
    }

    private static Map<String, String> lastOf(Map<String, List<String>> expected) {
        Map<String, String> last = new HashMap<>();
        expected.forEach((key, values) -> last.put(key, values.get(values.size() - 1)));
        return last;
    }

    private static Map<String, String> tableState(CdcTestDatabase db, String prefix) throws Exception {
        Map<String, String> state = new HashMap<>();
        try (Connection connection = db.target.connect(); Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT symbol, description FROM instruments")) {
            while (rows.next()) {
                state.put(rows.getString(1), rows.getString(2));
            }
        }
        for (int i = 90; i < 100; i++) {
            state.put(prefix + i, TOMBSTONE);
        }
        return state;
    }

    private static ChildJvm startCdc(CdcTestDatabase db, KafkaCluster kafka, int port, Path logFile)
            throws Exception {
        return ChildJvm.start("cdc", List.of("-Xmx384m"), System.getProperty("java.class.path"),
                IngestCli.class.getName(), List.of("cdc"), db.env(kafka.bootstrapServers(), port), logFile);
    }

    private static void awaitReady(int port, ChildJvm process) {
        HttpClient http = HttpClient.newHttpClient();
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + OpsServer.READINESS))
                .timeout(Duration.ofSeconds(2)).build();
        await().atMost(WAIT).ignoreExceptions().until(() -> {
            process.ensureAlive("starting CDC");
            return http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
        });
    }
}
