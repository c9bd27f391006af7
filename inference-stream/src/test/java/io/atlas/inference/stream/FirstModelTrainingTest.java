package io.atlas.inference.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.atlas.catalog.Topics;
import io.atlas.events.MarketTick;
import io.atlas.events.ModelRelease;
import io.atlas.events.ReleaseStatus;
import io.atlas.inference.features.FeatureVector;
import io.atlas.inference.fixtures.KafkaFixtures;
import io.atlas.inference.fixtures.SyntheticTicks;
import io.atlas.inference.fixtures.TestModels;
import io.atlas.inference.model.ModelCodec;
import io.atlas.inference.train.TrainedRelease;
import io.atlas.local.junit.WithKafka;
import io.atlas.local.kafka.CatalogTopics;
import io.atlas.local.kafka.KafkaCluster;
import io.atlas.ops.KafkaConnection;
import io.atlas.ops.OpsServer;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * First-start training on the real broker: the scorer waits for ticks, trains and proposes its model on
 * atlas.model-proposals, and serves it only once it comes back as a release on atlas.model-releases.
 */
@WithKafka
class FirstModelTrainingTest {

    @TempDir
    Path stateDir;

    @BeforeAll
    static void createTopics(KafkaCluster kafka) {
        try (Admin admin = kafka.admin()) {
            CatalogTopics.create(admin, Topics.all());
        }
    }

    private static long ticksOnTopic(KafkaCluster kafka) throws Exception {
        try (Admin admin = kafka.admin()) {
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            for (int p = 0; p < Topics.TICKS.partitions(); p++) {
                latest.put(new TopicPartition(Topics.TICKS.name(), p), OffsetSpec.latest());
            }
            return admin.listOffsets(latest).all().get().values().stream().mapToLong(i -> i.offset()).sum();
        }
    }

    @Test
    void shouldWaitForTicksThenTrainProposeAndServeTheFirstModelOnceReleased(KafkaCluster kafka) throws Exception {
        String suffix = UUID.randomUUID().toString().substring(0, 6).toUpperCase();
        String modelId = "first-" + suffix;
        List<String> symbols = List.of("FA" + suffix, "FB" + suffix, "FC" + suffix);
        KafkaFixtures.publishInstruments(kafka.clientConfig(), symbols);
        // Other tests in this JVM may have left tick-direction:1 active; retire it so no model is active.
        KafkaFixtures.publishRelease(kafka.clientConfig(), TestModels.release("tick-direction", 1,
                ReleaseStatus.RETIRED));
        long needed = ticksOnTopic(kafka) + 3_000;
        InferenceConfig config = new InferenceConfig(Map.of(
                KafkaConnection.BOOTSTRAP, kafka.bootstrapServers(),
                OpsServer.PORT, "0",
                InferenceConfig.APPLICATION_ID_CONFIG, "first-model-test-" + suffix,
                InferenceConfig.PROCESSING_GUARANTEE, InferenceConfig.AT_LEAST_ONCE,
                InferenceConfig.STATE_DIR, stateDir.toString(),
                InferenceConfig.TRAIN_ON_START, "true",
                InferenceConfig.TRAIN_TICKS, Long.toString(needed),
                InferenceConfig.MODEL_ID, modelId));

        try (InferenceApp app = InferenceApp.start(config);
             KafkaProducer<String, MarketTick> producer = KafkaFixtures.tickProducer(kafka.clientConfig());
             KafkaConsumer<String, ModelRelease> proposals = KafkaFixtures.committedReader(kafka.clientConfig(),
                     Topics.MODEL_PROPOSALS)) {
            await().atMost(Duration.ofSeconds(60)).until(() -> app.readiness().detail().contains("waiting for ticks"));
            assertThat(app.readiness().up()).as("ready while waiting for ticks").isTrue();
            assertThat(app.models().active()).isNull();

            for (MarketTick tick : new SyntheticTicks(5, symbols, 2.0, 0.5).take(4_000)) {
                producer.send(new ProducerRecord<>(Topics.TICKS.name(), tick.getSymbol(), tick));
            }
            producer.flush();

            List<ModelRelease> proposed = new ArrayList<>();
            await().atMost(Duration.ofSeconds(90)).until(() -> {
                KafkaFixtures.drain(proposals, record -> {
                    if (modelId.equals(record.key())) {
                        proposed.add(record.value());
                    }
                });
                return !proposed.isEmpty();
            });
            ModelRelease proposal = proposed.get(0);
            assertThat(proposal.getVersion()).as("the database numbers it").isEqualTo(TrainedRelease.UNNUMBERED);
            assertThat(proposal.getStatus()).isEqualTo(ReleaseStatus.ACTIVE);
            assertThat(proposal.getFeatures()).isEqualTo(FeatureVector.NAMES);
            byte[] bytes = new byte[proposal.getModel().remaining()];
            proposal.getModel().duplicate().get(bytes);
            assertThat(ModelCodec.sha256(bytes)).isEqualTo(proposal.getDigest());
            await().atMost(Duration.ofSeconds(30)).until(() -> app.readiness().detail().contains("proposed " + modelId));
            assertThat(app.readiness().up()).as("ready while its proposal waits to be released").isTrue();
            assertThat(app.models().active()).as("a proposal is not a release").isNull();

            // What ingest-cdc and CDC make of it (ReleaseProposalsTest in ingest proves that half): version 1.
            ModelRelease released = ModelRelease.newBuilder(proposal).setVersion(1).build();
            KafkaFixtures.publishRelease(kafka.clientConfig(), released);

            await().atMost(Duration.ofSeconds(60)).until(() -> app.models().active() != null
                    && app.models().active().modelId().equals(modelId));
            assertThat(app.readiness().detail()).contains("serving " + modelId + ":1");
        }
    }
}
