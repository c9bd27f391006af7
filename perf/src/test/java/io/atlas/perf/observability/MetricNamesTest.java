package io.atlas.perf.observability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.atlas.catalog.Applications;
import io.atlas.catalog.Hop;
import io.atlas.catalog.Topics;
import io.atlas.events.MarketTick;
import io.atlas.gateway.server.Gateway;
import io.atlas.gateway.server.GatewayConfig;
import io.atlas.inference.stream.InferenceApp;
import io.atlas.inference.stream.InferenceConfig;
import io.atlas.ingest.bridge.BridgeConfig;
import io.atlas.ingest.bridge.BridgeService;
import io.atlas.ingest.cdc.CdcConfig;
import io.atlas.ingest.cdc.CdcService;
import io.atlas.ingest.cdc.PgTarget;
import io.atlas.ingest.publish.PublisherOptions;
import io.atlas.ingest.publish.TickPublisher;
import io.atlas.ingest.simulate.MarketModel;
import io.atlas.ingest.simulate.SimulatedInstruments;
import io.atlas.local.junit.WithKafka;
import io.atlas.local.kafka.CatalogTopics;
import io.atlas.local.kafka.FreePort;
import io.atlas.local.kafka.KafkaCluster;
import io.atlas.ops.KafkaConnection;
import io.atlas.ops.OpsServer;
import io.atlas.ops.ServiceMetrics;
import io.atlas.schemas.json.EdgeJson;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;
import org.eclipse.jetty.websocket.client.WebSocketClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every metric an alert rule, dashboard panel or scaler query names is one a running Atlas service registers, or one
 * a declared outside exporter provides. The services run in this JVM on one broker, as in production: CDC on the
 * real PostgreSQL (seeding the instruments), the bridge, a tick publisher, inference-stream training its first model
 * and scoring, the gateway with a real WebSocket client; valid and invalid ticks go through so lazily registered
 * meters (dead letters, outcomes, closes, refusals) exist; then each registry's Prometheus text is read.
 */
@WithKafka
class MetricNamesTest {

    static final Duration WAIT = Duration.ofSeconds(180);
    static final int INSTRUMENTS = 20;
    static final Path SCRAPES = Path.of("target", "metric-names");

    @TempDir
    Path work;

    @Test
    void shouldFindEveryMetricOfEveryAlertPanelAndTriggerInARealRegistryOrADeclaredExporter(KafkaCluster kafka)
            throws Exception {
        try (Admin admin = kafka.admin()) {
            CatalogTopics.create(admin, Topics.all());
        }
        String schema = "metric_names_" + Long.toString(System.nanoTime() % 100_000_000L, 36);
        Map<String, String> scrapes = new TreeMap<>();
        try {
            scrapes.putAll(runPipelineAndScrape(kafka, schema));
        } finally {
            dropPostgres(schema);
        }

        Set<String> registered = new TreeSet<>();
        Files.createDirectories(SCRAPES);
        for (Map.Entry<String, String> scrape : scrapes.entrySet()) {
            // Kept for whoever reads a failure: what each service really exported.
            Files.writeString(SCRAPES.resolve(scrape.getKey() + ".prom"), scrape.getValue());
            Set<String> names = sampleNames(scrape.getValue());
            assertThat(names).as(scrape.getKey() + " scrape").isNotEmpty();
            registered.addAll(names);
        }
        assertThat(registered).as("the drive reached the lazily registered meters")
                .contains(Hop.BUCKET_METRIC, "atlas_ingest_bridge_dead_letters_total",
                        "atlas_inference_dead_letters_total", "atlas_inference_outcomes_total",
                        "atlas_gateway_closes_total");
        List<String> problems = new MetricNameCheck(registered, ExternalExporters.all())
                .problems(RenderedQueries.all());

        assertThat(problems).as("metrics named in rules, panels or triggers that nothing exports; registered: "
                + registered).isEmpty();
    }

    /** Starts every service, drives ticks through, and returns each application's Prometheus text. */
    private Map<String, String> runPipelineAndScrape(KafkaCluster kafka, String schema) throws Exception {
        Map<String, String> scrapes = new TreeMap<>();
        String bootstrap = kafka.bootstrapServers();
        int cdcPort = FreePort.find();
        MarketModel market = new MarketModel(SimulatedInstruments.first(INSTRUMENTS + 2),
                new MarketModel.Parameters(7, MarketModel.Parameters.DEFAULT_SIGNAL_STRENGTH,
                        MarketModel.Parameters.DEFAULT_MOVE_PROBABILITY));
        try (CdcService cdc = CdcService.start(new CdcConfig(cdcEnv(bootstrap, cdcPort, schema)))) {
            // The bridge loads the instruments once at start: they must all be in the topic first.
            await().atMost(WAIT).until(() -> endOffset(kafka, Topics.INSTRUMENTS.name()) >= INSTRUMENTS);
            try (BridgeService bridge = BridgeService.start(new BridgeConfig(env(bootstrap)));
                 ServiceMetrics publisherMetrics = new ServiceMetrics(Applications.INGEST_SIMULATE.name());
                 TickPublisher publisher = TickPublisher.start(PublisherOptions.builder(kafka.clientConfig())
                         .topic(Topics.TICKS).build(), publisherMetrics.registry());
                 KafkaProducer<String, byte[]> raw = new KafkaProducer<>(kafka.clientConfig(), new StringSerializer(),
                         new ByteArraySerializer());
                 InferenceApp inference = InferenceApp.start(new InferenceConfig(inferenceEnv(bootstrap)));
                 ServiceMetrics gatewayMetrics = new ServiceMetrics(Applications.WS_GATEWAY.name());
                 Gateway gateway = new Gateway(new GatewayConfig(gatewayEnv(bootstrap)), gatewayMetrics.registry())) {
                gateway.start();
                publishJson(raw, market, 200);
                raw.send(new ProducerRecord<>(Topics.TICKS_RAW.name(), "S0001",
                        "{\"symbol\":".getBytes(StandardCharsets.UTF_8)));
                publish(publisher, market, 3_000);

                AtomicInteger dataFrames = new AtomicInteger();
                WebSocketClient client = new WebSocketClient();
                client.start();
                try {
                    Session session = client.connect(new FrameCounter(dataFrames),
                            URI.create("ws://127.0.0.1:" + gateway.port() + Gateway.WS_PATH)).get(30, TimeUnit.SECONDS);
                    session.sendText("{\"op\":\"subscribe\",\"id\":\"all\",\"patterns\":[\"*\"]}", Callback.NOOP);
                    session.sendText("{\"op\":\"teleport\",\"id\":\"bad\"}", Callback.NOOP);
                    // Keep ticks coming until the first model serves and its predictions reach the socket.
                    await().atMost(WAIT).pollInterval(Duration.ofMillis(500)).until(() -> {
                        publish(publisher, market, 200);
                        return dataFrames.get() >= 50;
                    });
                    session.close();
                } finally {
                    client.stop();
                }
                await().atMost(WAIT).until(() -> gatewayMetrics.registry().scrape().contains("atlas_gateway_closes"));
                // Streams works through its partitions in no set order: the unknown symbols' partitions can come
                // after the first predictions reached the socket.
                await().atMost(WAIT).until(() -> scrape(inference.httpPort())
                        .contains("atlas_inference_dead_letters_total"));
                await().atMost(WAIT).until(() -> scrape(bridge.httpPort())
                        .contains("atlas_ingest_bridge_dead_letters_total"));
                scrapes.put(Applications.INGEST_BRIDGE.name(), scrape(bridge.httpPort()));
                scrapes.put(Applications.INFERENCE_STREAM.name(), scrape(inference.httpPort()));
                scrapes.put(Applications.INGEST_SIMULATE.name(), publisherMetrics.registry().scrape());
                scrapes.put(Applications.WS_GATEWAY.name(), gatewayMetrics.registry().scrape());
            }
            scrapes.put(Applications.INGEST_CDC.name(), scrape(cdcPort));
        }
        return scrapes;
    }

    /** The names of the samples Prometheus would store: suffixes (_total, _bucket, ...) as exposed. */
    static Set<String> sampleNames(String exposition) {
        Set<String> names = new TreeSet<>();
        for (String line : exposition.split("\n")) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            int end = 0;
            while (end < line.length() && line.charAt(end) != '{' && line.charAt(end) != ' ') {
                end++;
            }
            names.add(line.substring(0, end));
        }
        return names;
    }

    static void publish(TickPublisher publisher, MarketModel market, int count) {
        for (int i = 0; i < count; i++) {
            MarketTick tick = market.next(System.currentTimeMillis() * 1_000);
            publisher.publish(tick);
        }
        publisher.flush();
    }

    /** Ticks as JSON from an outside producer; the last two symbols are not instruments, so they are dead-lettered. */
    static void publishJson(KafkaProducer<String, byte[]> raw, MarketModel market, int count) {
        EdgeJson json = new EdgeJson();
        for (int i = 0; i < count; i++) {
            MarketTick tick = market.next(System.currentTimeMillis() * 1_000);
            raw.send(new ProducerRecord<>(Topics.TICKS_RAW.name(), tick.getSymbol().toString(), json.write(tick)));
        }
        raw.flush();
    }

    static String scrape(int port) throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + port + OpsServer.METRICS)).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        return response.body();
    }

    static long endOffset(KafkaCluster kafka, String topic) throws Exception {
        try (Admin admin = kafka.admin()) {
            int partitions = admin.describeTopics(List.of(topic)).allTopicNames().get(10, TimeUnit.SECONDS).get(topic)
                    .partitions().size();
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            for (int p = 0; p < partitions; p++) {
                latest.put(new TopicPartition(topic, p), OffsetSpec.latest());
            }
            return admin.listOffsets(latest).all().get(10, TimeUnit.SECONDS).values().stream()
                    .mapToLong(info -> info.offset()).sum();
        }
    }

    static Map<String, String> env(String bootstrap) {
        Map<String, String> env = new HashMap<>();
        env.put(KafkaConnection.BOOTSTRAP, bootstrap);
        env.put(OpsServer.PORT, "0");
        return env;
    }

    /** CDC on the real PostgreSQL in a schema, slot and publication of its own, seeding the instruments. */
    static Map<String, String> cdcEnv(String bootstrap, int port, String schema) {
        Map<String, String> env = env(bootstrap);
        env.put(OpsServer.PORT, Integer.toString(port));
        env.put(CdcConfig.PG_USER, "atlas");
        env.put(CdcConfig.PG_PASSWORD, "atlas");
        env.put(CdcConfig.PG_SCHEMA, schema);
        env.put(CdcConfig.SLOT, schema);
        env.put(CdcConfig.PUBLICATION, schema);
        env.put(CdcConfig.NAME, schema);
        env.put(CdcConfig.SEED_INSTRUMENTS, Integer.toString(INSTRUMENTS));
        return env;
    }

    Map<String, String> inferenceEnv(String bootstrap) {
        Map<String, String> env = env(bootstrap);
        env.put(InferenceConfig.PROCESSING_GUARANTEE, InferenceConfig.AT_LEAST_ONCE);
        env.put(InferenceConfig.STATE_DIR, work.resolve("streams").toString());
        env.put(InferenceConfig.TRAIN_ON_START, "true");
        env.put(InferenceConfig.TRAIN_TICKS, "2000");
        return env;
    }

    static Map<String, String> gatewayEnv(String bootstrap) {
        Map<String, String> env = env(bootstrap);
        env.put(GatewayConfig.PORT, Integer.toString(FreePort.find()));
        env.put(GatewayConfig.AUTH, "none");
        return env;
    }

    /** Removes the slot (once CDC has let go of it), the publication and the schema CDC created. */
    static void dropPostgres(String schema) throws SQLException {
        try (Connection connection = PgTarget.of(CdcConfig.DEFAULT_PG_URL, "atlas", "atlas", schema).connect();
             Statement statement = connection.createStatement()) {
            await().atMost(WAIT).untilAsserted(() -> {
                statement.execute("SELECT pg_drop_replication_slot(slot_name) FROM pg_replication_slots "
                        + "WHERE slot_name = '" + schema + "' AND NOT active");
                try (ResultSet left = statement.executeQuery("SELECT count(*) FROM pg_replication_slots "
                        + "WHERE slot_name = '" + schema + "'")) {
                    left.next();
                    assertThat(left.getLong(1)).isZero();
                }
            });
            statement.execute("DROP PUBLICATION IF EXISTS " + schema);
            statement.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
        }
    }

    /** Counts the data frames a subscribed client receives. */
    public static final class FrameCounter implements Session.Listener.AutoDemanding {

        private final AtomicInteger dataFrames;

        FrameCounter(AtomicInteger dataFrames) {
            this.dataFrames = dataFrames;
        }

        @Override
        public void onWebSocketText(String text) {
            if (text.startsWith("{\"op\":\"data\"")) {
                dataFrames.incrementAndGet();
            }
        }
    }
}
