package io.atlas.ingest.release;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.atlas.catalog.ReleaseKey;
import io.atlas.catalog.Topics;
import io.atlas.events.ModelRelease;
import io.atlas.events.ReleaseStatus;
import io.atlas.ingest.bridge.TopicReader;
import io.atlas.ingest.cdc.CdcConfig;
import io.atlas.ingest.cdc.CdcService;
import io.atlas.ingest.cdc.CdcTestDatabase;
import io.atlas.local.junit.WithKafka;
import io.atlas.local.kafka.CatalogTopics;
import io.atlas.local.kafka.FreePort;
import io.atlas.local.kafka.KafkaCluster;
import io.atlas.schemas.serde.ContractSerdes;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A model proposed on atlas.model-proposals, as a scorer's first-start training proposes it, becomes a release only
 * through PostgreSQL: the CDC process writes the row, and Debezium carries it to atlas.model-releases.
 */
@WithKafka
class ReleaseProposalsTest {

    private static final Duration WAIT = Duration.ofSeconds(60);

    private static CdcTestDatabase db;
    private static CdcService cdc;
    private static KafkaCluster kafka;
    private static int opsPort;

    @BeforeAll
    static void startCdc(KafkaCluster cluster) throws Exception {
        kafka = cluster;
        try (Admin admin = kafka.admin()) {
            CatalogTopics.create(admin, Topics.all());
        }
        db = new CdcTestDatabase("cdc_proposals");
        opsPort = FreePort.find();
        cdc = CdcService.start(new CdcConfig(db.env(kafka.bootstrapServers(), opsPort)));
        await().atMost(WAIT).until(() -> cdc.readiness().up());
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
    void shouldReleaseAProposedFirstModelThroughPostgresStampedWithItsCommitTime() throws Exception {
        String modelId = db.name + "-first";
        long before = System.currentTimeMillis();
        propose(proposal(modelId, "first-start model"));

        ConsumerRecord<byte[], byte[]> record = readReleases(modelId, 1).get(0);
        ModelRelease released = ContractSerdes.modelRelease().decode(record);
        assertThat(new String(record.key(), StandardCharsets.UTF_8)).isEqualTo(ReleaseKey.of(modelId, 1));
        assertThat(released.getStatus()).isEqualTo(ReleaseStatus.ACTIVE);
        assertThat(released.getDigest()).isEqualTo(digest("first-start model"));
        assertThat(released.getMetrics()).containsEntry("auc_up_vs_down", 0.74);
        assertThat(record.timestamp()).as("the record carries its commit time")
                .isBetween(before, System.currentTimeMillis());
        assertThat(proposals("released")).isGreaterThanOrEqualTo(1);
    }

    @Test
    void shouldReleaseNoSecondFirstModelOnceTheModelHasAnActiveRelease() throws Exception {
        String modelId = db.name + "-race";
        propose(proposal(modelId, "trained by scorer one"));
        readReleases(modelId, 1);
        double notNeeded = proposals("not_needed");
        double already = proposals("already_released");

        propose(proposal(modelId, "trained by scorer two"));
        propose(proposal(modelId, "trained by scorer one"));
        await().atMost(WAIT).until(() -> proposals("not_needed") > notNeeded
                && proposals("already_released") > already);

        assertThat(readReleases(modelId, 1)).extracting(r -> ContractSerdes.modelRelease().decode(r).getDigest())
                .containsExactly(digest("trained by scorer one"));
    }

    private static void propose(ModelRelease proposal) throws Exception {
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(kafka.clientConfig(), new StringSerializer(),
                new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>(Topics.MODEL_PROPOSALS.name(), proposal.getModelId(),
                    ContractSerdes.modelRelease().encode(proposal))).get(30, TimeUnit.SECONDS);
        }
    }

    private static ModelRelease proposal(String modelId, String bytes) {
        return ModelRelease.newBuilder()
                .setModelId(modelId).setVersion(0).setAlgorithm("logistic-sgd").setFeatures(List.of("imbalance"))
                .setHorizonTicks(1).setModel(ByteBuffer.wrap(bytes.getBytes(StandardCharsets.UTF_8)))
                .setDigest(digest(bytes)).setStatus(ReleaseStatus.ACTIVE).setCreatedAtMicros(0)
                .setMetrics(Map.of("auc_up_vs_down", 0.74))
                .build();
    }

    private static String digest(String bytes) {
        return ModelReleases.sha256(bytes.getBytes(StandardCharsets.UTF_8));
    }

    /** The CDC process's count of proposals with this outcome, from its Prometheus endpoint. */
    private static double proposals(String outcome) throws Exception {
        String scrape = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + opsPort + "/metrics")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        Matcher sample = Pattern.compile("(?m)^atlas_ingest_release_proposals_total\\{[^}]*outcome=\"" + outcome
                + "\"[^}]*} (\\S+)$").matcher(scrape);
        assertThat(sample.find()).as("outcome " + outcome + " in\n" + scrape).isTrue();
        return Double.parseDouble(sample.group(1));
    }

    private static List<ConsumerRecord<byte[], byte[]>> readReleases(String modelId, int count) {
        try (TopicReader reader = new TopicReader(kafka.clientConfig(), Topics.MODEL_RELEASES.name(),
                r -> new String(r.key(), StandardCharsets.UTF_8).startsWith(ReleaseKey.modelPrefix(modelId)))) {
            return reader.readAtLeast(count, WAIT);
        }
    }
}
