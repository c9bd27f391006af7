package io.atlas.inference.train;

import static org.assertj.core.api.Assertions.assertThat;

import io.atlas.catalog.Topics;
import io.atlas.events.MarketTick;
import io.atlas.events.ModelRelease;
import io.atlas.events.ReleaseStatus;
import io.atlas.inference.InferenceCli;
import io.atlas.inference.features.FeatureVector;
import io.atlas.inference.fixtures.KafkaFixtures;
import io.atlas.inference.fixtures.SyntheticTicks;
import io.atlas.inference.model.ModelCodec;
import io.atlas.local.junit.WithKafka;
import io.atlas.local.kafka.CatalogTopics;
import io.atlas.local.kafka.KafkaCluster;
import io.atlas.schemas.serde.AvroSerde;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;

import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

@WithKafka
class TrainCommandKafkaTest {

    @BeforeAll
    static void createTopics(KafkaCluster kafka) {
        try (Admin admin = kafka.admin()) {
            CatalogTopics.create(admin, Topics.all());
        }
    }

    @Test
    void shouldTrainFromATopicAndPublishTheNextVersionAsARelease(KafkaCluster kafka) throws Exception {
        String suffix = UUID.randomUUID().toString().substring(0, 6).toUpperCase();
        List<String> symbols = List.of("TA" + suffix, "TB" + suffix);
        KafkaFixtures.publishInstruments(kafka.clientConfig(), symbols);
        try (KafkaProducer<String, MarketTick> producer = KafkaFixtures.tickProducer(kafka.clientConfig())) {
            for (MarketTick tick : new SyntheticTicks(8, symbols, 2.0, 0.5).take(5_000)) {
                producer.send(new ProducerRecord<>(Topics.TICKS.name(), tick.getSymbol(), tick));
            }
        }
        String modelId = "cli-" + suffix;
        StringWriter out = new StringWriter();
        CommandLine cli = new CommandLine(new InferenceCli());
        cli.setOut(new PrintWriter(out));

        for (int run = 0; run < 2; run++) {
            int code = cli.execute("train", "--topic", Topics.TICKS.name(), "--bootstrap", kafka.bootstrapServers(),
                    "--publish", "SHADOW", "--model-id", modelId);
            assertThat(code).as(out.toString()).isZero();
        }

        assertThat(out.toString()).contains("published " + modelId + ":1 as SHADOW")
                .contains("published " + modelId + ":2 as SHADOW");
        List<ModelRelease> releases = new ArrayList<>();
        AvroSerde<ModelRelease> serde = (AvroSerde<ModelRelease>) Topics.MODEL_RELEASES.valueSerde();
        for (List<ConsumerRecord<byte[], byte[]>> records : TopicReader.read(kafka.clientConfig(),
                Topics.MODEL_RELEASES.name(), 0, Long.MAX_VALUE, Duration.ofSeconds(30)).values()) {
            for (ConsumerRecord<byte[], byte[]> record : records) {
                ModelRelease release = serde.decode(record);
                if (release != null && release.getModelId().equals(modelId)) {
                    releases.add(release);
                }
            }
        }
        assertThat(releases).extracting(ModelRelease::getVersion).containsExactly(1, 2);
        ModelRelease latest = releases.get(1);
        assertThat(latest.getStatus()).isEqualTo(ReleaseStatus.SHADOW);
        assertThat(latest.getFeatures()).isEqualTo(FeatureVector.NAMES);
        assertThat(latest.getMetrics()).containsKeys("accuracy", "auc_up_vs_down", "log_loss");
        ByteBuffer bytes = latest.getModel();
        byte[] model = new byte[bytes.remaining()];
        bytes.duplicate().get(model);
        assertThat(ModelCodec.sha256(model)).isEqualTo(latest.getDigest());
    }
}
