package io.atlas.ingest.cdc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.atlas.catalog.ReleaseKey;
import io.atlas.catalog.Topics;
import io.atlas.events.Instrument;
import io.atlas.events.ModelRelease;
import io.atlas.events.ReleaseStatus;
import io.atlas.events.TradingStatus;
import io.atlas.ingest.bridge.TopicReader;
import io.atlas.local.junit.WithKafka;
import io.atlas.local.kafka.CatalogTopics;
import io.atlas.local.kafka.KafkaCluster;
import io.atlas.schemas.serde.ContractSerdes;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Debezium on the real PostgreSQL into the real broker: row changes arrive in order, deletes as tombstones. */
@WithKafka
class CdcCaptureTest {

    private static final Logger log = LoggerFactory.getLogger(CdcCaptureTest.class);
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final String DIGEST = "ab".repeat(32);

    private static CdcTestDatabase db;
    private static CdcService service;
    private static KafkaCluster kafka;

    @BeforeAll
    static void startCdc(KafkaCluster cluster) throws Exception {
        kafka = cluster;
        try (Admin admin = kafka.admin()) {
            CatalogTopics.create(admin, Topics.all());
        }
        db = new CdcTestDatabase("cdc_capture");
        service = CdcService.start(new CdcConfig(db.env(kafka.bootstrapServers(), 0)));
        await().atMost(WAIT).until(() -> service.readiness().up());
    }

    @AfterAll
    static void stopCdc() throws Exception {
        if (service != null) {
            service.close();
        }
        if (db != null) {
            await().atMost(WAIT).ignoreExceptions().untilAsserted(db::drop);
        }
    }

    @Test
    void shouldStreamInstrumentInsertUpdateDeleteInOrder() throws Exception {
        String symbol = db.name.toUpperCase() + "X";
        db.execute("INSERT INTO instruments (symbol, venue, tick_size, currency, lot_size, description) "
                + "VALUES (?, 'XNAS', 0.01, 'USD', 100, 'first')", symbol);
        db.execute("UPDATE instruments SET status = 'HALTED' WHERE symbol = ?", symbol);
        db.execute("UPDATE instruments SET tick_size = 0.05, description = NULL WHERE symbol = ?", symbol);
        db.execute("DELETE FROM instruments WHERE symbol = ?", symbol);

        List<ConsumerRecord<byte[], byte[]>> records = read(Topics.INSTRUMENTS.name(), symbol, 4);
        assertThat(records).hasSize(4);
        Instrument inserted = ContractSerdes.instrument().decode(records.get(0));
        assertThat(inserted.getSymbol().toString()).isEqualTo(symbol);
        assertThat(inserted.getVenue().toString()).isEqualTo("XNAS");
        assertThat(inserted.getTickSize()).isEqualTo(0.01);
        assertThat(inserted.getCurrency().toString()).isEqualTo("USD");
        assertThat(inserted.getLotSize()).isEqualTo(100);
        assertThat(inserted.getStatus()).isEqualTo(TradingStatus.TRADING);
        assertThat(inserted.getDescription().toString()).isEqualTo("first");
        assertThat(inserted.getUpdatedAtMicros()).isPositive();
        Instrument halted = ContractSerdes.instrument().decode(records.get(1));
        assertThat(halted.getStatus()).isEqualTo(TradingStatus.HALTED);
        assertThat(halted.getUpdatedAtMicros()).isGreaterThan(inserted.getUpdatedAtMicros());
        Instrument retick = ContractSerdes.instrument().decode(records.get(2));
        assertThat(retick.getTickSize()).isEqualTo(0.05);
        assertThat(retick.getDescription()).isNull();
        assertThat(records.get(3).value()).as("delete is a tombstone").isNull();
    }

    @Test
    void shouldStreamModelReleasesWithTheirBytesInOrder() throws Exception {
        String modelId = db.name + "-model";
        byte[] small = "tiny model".getBytes(StandardCharsets.UTF_8);
        byte[] large = new byte[200_000];
        new Random(7).nextBytes(large); // incompressible: PostgreSQL stores it out of line (TOAST)
        db.execute("INSERT INTO model_releases (model_id, version, algorithm, features, horizon_ticks, model, digest, "
                + "status, metrics) VALUES (?, 1, 'logistic-sgd', ARRAY['imbalance','spread'], 1, ?, ?, 'ACTIVE', "
                + "'{\"auc\": 0.61}'::jsonb)", modelId, small, DIGEST);
        db.execute("INSERT INTO model_releases (model_id, version, algorithm, features, model, digest) "
                + "VALUES (?, 2, 'logistic-sgd', ARRAY['imbalance'], ?, ?)", modelId, large, DIGEST);
        // Only the status changes: PostgreSQL does not resend the unchanged out-of-line model bytes.
        db.execute("UPDATE model_releases SET status = 'RETIRED' WHERE model_id = ? AND version = 1", modelId);
        db.execute("UPDATE model_releases SET status = 'ACTIVE' WHERE model_id = ? AND version = 2", modelId);
        db.execute("DELETE FROM model_releases WHERE model_id = ? AND version = 1", modelId);

        List<ConsumerRecord<byte[], byte[]>> records = readReleases(modelId, 5);
        assertThat(records).hasSize(5);
        ModelRelease v1 = ContractSerdes.modelRelease().decode(records.get(0));
        assertThat(v1.getVersion()).isEqualTo(1);
        assertThat(v1.getAlgorithm().toString()).isEqualTo("logistic-sgd");
        assertThat(v1.getFeatures()).extracting(Object::toString).containsExactly("imbalance", "spread");
        assertThat(v1.getHorizonTicks()).isEqualTo(1);
        assertThat(bytes(v1.getModel())).isEqualTo(small);
        assertThat(v1.getDigest().toString()).isEqualTo(DIGEST);
        assertThat(v1.getStatus()).isEqualTo(ReleaseStatus.ACTIVE);
        assertThat(v1.getMetrics()).containsEntry("auc", 0.61);
        ModelRelease v2 = ContractSerdes.modelRelease().decode(records.get(1));
        assertThat(v2.getStatus()).isEqualTo(ReleaseStatus.SHADOW);
        assertThat(bytes(v2.getModel())).isEqualTo(large);
        ModelRelease retired = ContractSerdes.modelRelease().decode(records.get(2));
        assertThat(retired.getVersion()).isEqualTo(1);
        assertThat(retired.getStatus()).isEqualTo(ReleaseStatus.RETIRED);
        ModelRelease activated = ContractSerdes.modelRelease().decode(records.get(3));
        assertThat(activated.getVersion()).isEqualTo(2);
        assertThat(activated.getStatus()).isEqualTo(ReleaseStatus.ACTIVE);
        assertThat(bytes(activated.getModel())).as("unchanged TOASTed bytes read back").isEqualTo(large);
        assertThat(records.get(4).value()).as("delete is a tombstone").isNull();
    }

    @Test
    void shouldReportCommitToTopicLatency() throws Exception {
        String symbol = db.name.toUpperCase() + "LAT";
        db.execute("INSERT INTO instruments (symbol, venue, tick_size, currency, lot_size, description) "
                + "VALUES (?, 'XNAS', 0.01, 'USD', 1, '0')", symbol);
        int updates = 200;
        List<Long> latenciesMicros = new ArrayList<>();
        try (TopicReader reader = new TopicReader(kafka.clientConfig(), Topics.INSTRUMENTS.name(),
                r -> symbol.equals(new String(r.key(), StandardCharsets.UTF_8)))) {
            await().atMost(WAIT).until(() -> reader.poll().size() >= 1);
            for (int i = 1; i <= updates; i++) {
                db.execute("UPDATE instruments SET description = ? WHERE symbol = ?", Integer.toString(i), symbol);
                long committed = System.nanoTime();
                int expected = i + 1;
                await().atMost(WAIT).pollInterval(Duration.ofMillis(1)).until(() -> reader.poll().size() >= expected);
                latenciesMicros.add((System.nanoTime() - committed) / 1_000);
            }
            List<ConsumerRecord<byte[], byte[]>> all = reader.poll();
            assertThat(all).hasSize(updates + 1);
            assertThat(ContractSerdes.instrument().decode(all.get(updates)).getDescription().toString())
                    .isEqualTo(Integer.toString(updates));
        }
        long[] sorted = latenciesMicros.stream().mapToLong(Long::longValue).sorted().toArray();
        // Reported, not asserted: wall-clock timings depend on the machine's load.
        log.info("CDC commit-to-consumer latency over {} updates: p50 {} µs, p99 {} µs, max {} µs", updates,
                sorted[sorted.length / 2], sorted[(int) (sorted.length * 0.99)], sorted[sorted.length - 1]);
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

    private static byte[] bytes(ByteBuffer buffer) {
        byte[] copy = new byte[buffer.remaining()];
        buffer.duplicate().get(copy);
        return copy;
    }

}
