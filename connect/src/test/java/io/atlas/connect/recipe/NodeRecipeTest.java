package io.atlas.connect.recipe;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.atlas.events.MarketTick;
import io.atlas.events.Prediction;
import io.atlas.events.Side;
import io.atlas.local.junit.KafkaExtension;
import io.atlas.local.junit.WithKafka;
import io.atlas.local.kafka.KafkaCluster;
import io.atlas.schemas.SampleEvents;
import io.atlas.schemas.SchemaReleases;
import io.atlas.schemas.serde.ContractSerdes;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.message.BinaryMessageEncoder;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Runs the README's non-Java recipe as written: kcat reads a topic read_committed and frames each record, and
 * {@code recipes/node/read-atlas.mjs} (Node with the npm package avsc, installed from the committed lockfile into
 * target/) resolves each record's release by its fingerprint and prints it as JSON.
 */
@WithKafka
class NodeRecipeTest {

    private static final Path RECIPE = Path.of("recipes", "node");
    private static final Path WORK = Path.of("target", "node-recipe");
    private static final ObjectMapper JSON = new ObjectMapper();

    @BeforeAll
    static void installRecipe() throws Exception {
        Files.createDirectories(WORK);
        for (String file : List.of("package.json", "package-lock.json", "read-atlas.mjs")) {
            Files.copy(RECIPE.resolve(file), WORK.resolve(file), StandardCopyOption.REPLACE_EXISTING);
        }
        run(List.of("npm", "ci", "--no-audit", "--no-fund"), 300);
        for (String record : List.of("Prediction", "MarketTick")) {
            copyReleases(record);
        }
    }

    @Test
    void shouldPrintEveryCommittedPredictionWithItsFields(KafkaCluster kafka) throws Exception {
        String topic = createTopic(kafka, "node-predictions");
        List<Prediction> committed = new ArrayList<>();
        try (KafkaProducer<String, byte[]> producer = transactionalProducer(kafka)) {
            producer.initTransactions();
            producer.beginTransaction();
            for (int i = 0; i < 30; i++) {
                Prediction prediction = Prediction.newBuilder(SampleEvents.prediction()).setTickSequence(i + 1)
                        .setSymbol("S000" + (i % 5)).setPUp(i / 100.0).build();
                committed.add(prediction);
                producer.send(record(topic, prediction.getSymbol(), ContractSerdes.prediction().encode(prediction)));
            }
            producer.commitTransaction();
            producer.beginTransaction();
            producer.send(record(topic, "ABORTED", ContractSerdes.prediction().encode(
                    Prediction.newBuilder(SampleEvents.prediction()).setSymbol("ABORTED").build())));
            producer.flush();
            producer.abortTransaction();
        }

        List<JsonNode> printed = readWithRecipe(kafka, topic, "Prediction");

        assertThat(printed).hasSize(committed.size());
        Map<Long, JsonNode> bySequence = new HashMap<>();
        printed.forEach(line -> bySequence.put(line.get("value").get("tickSequence").asLong(), line.get("value")));
        for (Prediction prediction : committed) {
            assertSameFields(bySequence.get(prediction.getTickSequence()), prediction);
        }
    }

    @Test
    void shouldReadAMarketTickOfVersion1AsTheCurrentVersion(KafkaCluster kafka) throws Exception {
        String topic = createTopic(kafka, "node-ticks");
        Schema v1 = SchemaReleases.of("MarketTick").get(0);
        MarketTick tick = SampleEvents.marketTick();
        GenericRecord old = new GenericData.Record(v1);
        v1.getFields().forEach(field -> old.put(field.name(), tick.get(field.name())));
        ByteBuffer oldBytes = new BinaryMessageEncoder<GenericRecord>(GenericData.get(), v1).encode(old);
        try (KafkaProducer<String, byte[]> producer = transactionalProducer(kafka)) {
            producer.initTransactions();
            producer.beginTransaction();
            producer.send(record(topic, tick.getSymbol(), toArray(oldBytes)));
            producer.send(record(topic, tick.getSymbol(), ContractSerdes.marketTick().encode(tick)));
            producer.commitTransaction();
        }

        List<JsonNode> printed = readWithRecipe(kafka, topic, "MarketTick");

        assertThat(printed).extracting(line -> line.get("value").get("aggressor").asText())
                .containsExactly("UNKNOWN", Side.BUY.name());
        assertSameFields(printed.get(1).get("value"), tick);
        assertThat(printed.get(0).get("value").get("sequence").asLong()).isEqualTo(tick.getSequence());
    }

    /** The recipe's command line, as README.md gives it. */
    private static List<JsonNode> readWithRecipe(KafkaCluster kafka, String topic, String record) throws Exception {
        String command = "kcat -C -b " + kafka.bootstrapServers() + " -t " + topic
                + " -X isolation.level=read_committed -o beginning -e -q -f '%p %o %S\\n%s'"
                + " | node read-atlas.mjs releases " + record;
        String output = run(List.of("bash", "-o", "pipefail", "-c", command), 60);
        List<JsonNode> lines = new ArrayList<>();
        for (String line : output.split("\n")) {
            if (!line.isBlank()) {
                lines.add(JSON.readTree(line));
            }
        }
        return lines;
    }

    /** Each field of the record, as JSON prints it: numbers equal, enums by their symbol. */
    private static void assertSameFields(JsonNode json, org.apache.avro.specific.SpecificRecord record) {
        for (Schema.Field field : record.getSchema().getFields()) {
            Object expected = record.get(field.pos());
            JsonNode actual = json.get(field.name());
            switch (field.schema().getType()) {
                case DOUBLE -> assertThat(actual.asDouble()).as(field.name()).isEqualTo((Double) expected);
                case LONG -> assertThat(actual.asLong()).as(field.name()).isEqualTo((Long) expected);
                case INT -> assertThat(actual.asInt()).as(field.name()).isEqualTo((Integer) expected);
                case BOOLEAN -> assertThat(actual.asBoolean()).as(field.name()).isEqualTo((Boolean) expected);
                default -> assertThat(actual.asText()).as(field.name()).isEqualTo(expected.toString());
            }
        }
    }

    private static String createTopic(KafkaCluster kafka, String prefix) throws Exception {
        String topic = KafkaExtension.uniqueTopicName(prefix);
        try (Admin admin = kafka.admin()) {
            admin.createTopics(List.of(new NewTopic(topic, 3, (short) 1))).all().get(30, TimeUnit.SECONDS);
        }
        return topic;
    }

    private static KafkaProducer<String, byte[]> transactionalProducer(KafkaCluster kafka) {
        Map<String, Object> settings = new HashMap<>(kafka.clientConfig());
        settings.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "node-recipe-" + UUID.randomUUID());
        return new KafkaProducer<>(settings, new StringSerializer(), new ByteArraySerializer());
    }

    private static ProducerRecord<String, byte[]> record(String topic, String key, byte[] value) {
        return new ProducerRecord<>(topic, key, value);
    }

    private static byte[] toArray(ByteBuffer buffer) {
        byte[] bytes = new byte[buffer.remaining()];
        buffer.get(bytes);
        return bytes;
    }

    /** The released .avsc files of {@code record}, as the schemas jar carries them, under WORK/releases. */
    private static void copyReleases(String record) throws IOException {
        Path folder = Files.createDirectories(WORK.resolve("releases").resolve(record));
        for (int version = 1; ; version++) {
            String resource = SchemaReleases.ROOT + "/" + record + "/v" + version + ".avsc";
            try (InputStream in = NodeRecipeTest.class.getClassLoader().getResourceAsStream(resource)) {
                if (in == null) {
                    break;
                }
                Files.copy(in, folder.resolve("v" + version + ".avsc"), StandardCopyOption.REPLACE_EXISTING);
            }
        }
    }

    /** Runs {@code command} in WORK and returns its output; fails with it when the exit code is not 0. */
    private static String run(List<String> command, int timeoutSeconds) throws Exception {
        Path output = Files.createTempFile(WORK.toAbsolutePath(), "run", ".out");
        Process process = new ProcessBuilder(command).directory(WORK.toFile())
                .redirectErrorStream(false)
                .redirectOutput(output.toFile())
                .redirectError(ProcessBuilder.Redirect.appendTo(WORK.resolve("stderr.log").toFile()))
                .start();
        if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IllegalStateException(command + " did not finish within " + timeoutSeconds + " s");
        }
        String text = Files.readString(output, StandardCharsets.UTF_8);
        if (process.exitValue() != 0) {
            throw new IllegalStateException(command + " exited with " + process.exitValue() + "; stderr in "
                    + WORK.resolve("stderr.log") + "\n" + text);
        }
        Files.delete(output);
        return text;
    }
}
