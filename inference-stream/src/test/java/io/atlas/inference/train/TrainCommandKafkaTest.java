package io.atlas.inference.train;

import static org.assertj.core.api.Assertions.assertThat;

import io.atlas.catalog.Topics;
import io.atlas.events.MarketTick;
import io.atlas.events.ModelRelease;
import io.atlas.inference.InferenceCli;
import io.atlas.inference.features.FeatureVector;
import io.atlas.inference.fixtures.KafkaFixtures;
import io.atlas.inference.fixtures.SyntheticTicks;
import io.atlas.inference.model.ModelCodec;
import io.atlas.local.junit.WithKafka;
import io.atlas.local.kafka.CatalogTopics;
import io.atlas.local.kafka.KafkaCluster;
import io.atlas.schemas.serde.AvroSerde;
import io.atlas.schemas.serde.ContractSerdes;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;

import picocli.CommandLine;

import org.tribuo.Model;
import org.tribuo.classification.Label;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@WithKafka
class TrainCommandKafkaTest {

    @BeforeAll
    static void createTopics(KafkaCluster kafka) {
        try (Admin admin = kafka.admin()) {
            CatalogTopics.create(admin, Topics.all());
        }
    }

    @Test
    void shouldTrainFromATopicAndWriteAReleaseFileButPublishNothing(KafkaCluster kafka, @TempDir Path dir)
            throws Exception {
        String suffix = UUID.randomUUID().toString().substring(0, 6).toUpperCase();
        List<String> symbols = List.of("TA" + suffix, "TB" + suffix);
        KafkaFixtures.publishInstruments(kafka.clientConfig(), symbols);
        try (KafkaProducer<String, MarketTick> producer = KafkaFixtures.tickProducer(kafka.clientConfig())) {
            for (MarketTick tick : new SyntheticTicks(8, symbols, 2.0, 0.5).take(5_000)) {
                producer.send(new ProducerRecord<>(Topics.TICKS.name(), tick.getSymbol(), tick));
            }
        }
        String modelId = "cli-" + suffix;
        Path model = dir.resolve("m2.tribuo");
        StringWriter out = new StringWriter();
        CommandLine cli = new CommandLine(new InferenceCli());
        cli.setOut(new PrintWriter(out));

        int code = cli.execute("train", "--topic", Topics.TICKS.name(), "--bootstrap", kafka.bootstrapServers(),
                "--model-id", modelId, "--output", model.toString());

        assertThat(code).as(out.toString()).isZero();
        Path file = dir.resolve("m2.tribuo" + TrainedRelease.FILE_SUFFIX);
        assertThat(out.toString()).contains("publish it with: release publish --release " + file);
        ModelRelease release = ContractSerdes.modelRelease().decode(file.toString(), -1, -1, Files.readAllBytes(file));
        assertThat(release.getModelId()).isEqualTo(modelId);
        assertThat(release.getVersion()).isEqualTo(TrainedRelease.UNNUMBERED);
        assertThat(release.getFeatures()).isEqualTo(FeatureVector.NAMES);
        assertThat(release.getMetrics()).containsKeys("accuracy", "auc_up_vs_down", "log_loss");
        byte[] bytes = new byte[release.getModel().remaining()];
        release.getModel().duplicate().get(bytes);
        assertThat(ModelCodec.sha256(bytes)).isEqualTo(release.getDigest());
        assertThat(bytes).isEqualTo(ModelCodec.toBytes(Model.deserializeFromFile(model).castModel(Label.class)));
        AvroSerde<ModelRelease> serde = (AvroSerde<ModelRelease>) Topics.MODEL_RELEASES.valueSerde();
        for (List<ConsumerRecord<byte[], byte[]>> records : TopicReader.read(kafka.clientConfig(),
                Topics.MODEL_RELEASES.name(), 0, Long.MAX_VALUE, Duration.ofSeconds(30)).values()) {
            assertThat(records).as("training writes no release").noneMatch(record -> record.value() != null
                    && serde.decode(record).getModelId().equals(modelId));
        }
    }
}
