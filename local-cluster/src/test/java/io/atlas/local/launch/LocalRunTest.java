package io.atlas.local.launch;

import io.atlas.catalog.Topic;
import io.atlas.catalog.Topics;
import io.atlas.local.kafka.ForkedKafka;
import io.atlas.ops.OpsServer;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code ./atlas up} end to end, minus the bash wrapper: a broker in its own JVM, the catalog's topics, and a service
 * in its own JVM started from a module's build output, then everything stopped in order.
 */
class LocalRunTest {

    @TempDir
    static Path home;

    private static LocalRun run;
    private static Path marker;

    @BeforeAll
    static void startAtlasWithAFixtureService() throws Exception {
        // The fixture "module": its build output is this test JVM's classpath, as the root pom would write it.
        Path target = Files.createDirectories(home.resolve("fixture").resolve("target"));
        Files.createDirectories(target.resolve("classes"));
        Files.writeString(target.resolve("runtime.classpath"), System.getProperty("java.class.path"));
        marker = home.resolve("fixture.marker");

        LauncherConfig config = new LauncherConfig(Map.of(), home);
        ServiceSpec fixture = new ServiceSpec("fixture", "fixture", FixtureService.class.getName(),
                List.of(Topics.TICKS_RAW.name()), OpsServer.READINESS, "64m",
                Map.of("FIXTURE_MARKER", marker.toString()), "", "");
        run = LocalRun.start(config, List.of(fixture));
    }

    @AfterAll
    static void stopAtlas() throws IOException {
        long brokerPid = ((ForkedKafka) run.kafka()).pid();
        run.close();

        assertThat(RunState.read(home.resolve(".run"))).isEmpty();
        assertThat(Files.readAllLines(marker)).as("the service stopped through its shutdown hook")
                .endsWith("started", "stopped");
        assertThat(ProcessHandle.of(brokerPid).filter(ProcessHandle::isAlive)).as("the broker process").isEmpty();
    }

    @Test
    void shouldCreateEveryTopicOfTheCatalogAsTheCatalogSays() throws Exception {
        try (Admin admin = run.kafka().admin()) {
            Map<String, TopicDescription> topics = admin.describeTopics(Topics.all().stream().map(Topic::name).toList())
                    .allTopicNames().get(30, TimeUnit.SECONDS);

            for (Topic<?, ?> topic : Topics.all()) {
                assertThat(topics.get(topic.name()).partitions()).hasSize(topic.partitions());
                ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic.name());
                var configs = admin.describeConfigs(List.of(resource)).all().get(30, TimeUnit.SECONDS).get(resource);
                topic.configs().forEach((key, value) -> assertThat(configs.get(key).value()).as(topic.name() + " " + key)
                        .isEqualTo(value));
            }
        }
    }

    @Test
    void shouldListEveryCatalogTopicToKcat() throws Exception {
        Process kcat = new ProcessBuilder("kcat", "-b", run.kafka().bootstrapServers(), "-L", "-m", "10")
                .redirectErrorStream(true).start();
        assertThat(kcat.waitFor(60, TimeUnit.SECONDS)).as("kcat finished").isTrue();
        String listing = new String(kcat.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

        assertThat(kcat.exitValue()).as(listing).isZero();
        for (Topic<?, ?> topic : Topics.all()) {
            assertThat(listing).contains("topic \"" + topic.name() + "\" with " + topic.partitions() + " partitions");
        }
    }

    @Test
    void shouldGiveTheServiceTheBrokerAddress() {
        Map<String, Object> config = Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, run.kafka().bootstrapServers(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.GROUP_ID_CONFIG, "local-run-test");
        try (KafkaConsumer<String, String> consumer =
                     new KafkaConsumer<>(config, new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of(Topics.TICKS_RAW.name()));
            List<ConsumerRecord<String, String>> received = new ArrayList<>();
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> {
                        consumer.poll(Duration.ofMillis(200)).forEach(received::add);
                        return !received.isEmpty();
                    });

            assertThat(received).singleElement().satisfies(record -> {
                assertThat(record.key()).isEqualTo("fixture");
                assertThat(record.value()).isEqualTo("hello from the fixture service");
            });
        }
    }

    @Test
    void shouldGiveTheServicesTheLocalPostgresPortItRecords() throws IOException {
        RunState state = RunState.read(home.resolve(".run")).orElseThrow();
        String port = state.postgresUrl().replaceAll(".*:([0-9]+)/atlas", "$1");

        assertThat(Files.readAllLines(marker)).startsWith("postgres port " + port);
    }

    @Test
    void shouldRecordWhereEverythingRuns() {
        RunState state = RunState.read(home.resolve(".run")).orElseThrow();

        assertThat(state.bootstrapServers()).isEqualTo(run.kafka().bootstrapServers());
        assertThat(state.endpoints()).containsOnlyKeys("fixture");
        assertThat(state.pids()).containsOnlyKeys("fixture");
        assertThat(ProcessHandle.of(state.pids().get("fixture")).filter(ProcessHandle::isAlive)).isPresent();
        assertThat(state.webSockets()).isEmpty();
        assertThat(state.launcherAlive()).isTrue();
        assertThat(home.resolve(".run").resolve("bootstrap")).content().contains(run.kafka().bootstrapServers());
        assertThat(state.postgresUrl()).matches("jdbc:postgresql://127\\.0\\.0\\.1:[0-9]+/atlas");
        assertThat(home.resolve(".run").resolve("postgres")).content().isEqualTo(state.postgresUrl() + "\n");
        assertThat(home.resolve(".run").resolve("logs").resolve("kafka.log")).isNotEmptyFile();
    }
}
