package io.atlas.gateway.server;

import io.atlas.catalog.Topics;
import io.atlas.events.MoveDirection;
import io.atlas.events.Prediction;
import io.atlas.events.PredictionOutcome;
import io.atlas.local.kafka.CatalogTopics;
import io.atlas.local.kafka.KafkaCluster;
import io.atlas.schemas.SampleEvents;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Test fixtures: catalog topics on the shared broker, unique symbols, predictions and their outcomes produced with the
 * catalog serdes, HTTP requests to a gateway.
 */
final class Fixtures implements AutoCloseable {

    private static final AtomicLong SEQUENCE = new AtomicLong();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private final KafkaProducer<String, Prediction> producer;
    private final KafkaProducer<String, byte[]> outcomes;

    Fixtures(KafkaCluster kafka) {
        try (Admin admin = kafka.admin()) {
            CatalogTopics.create(admin, List.of(Topics.PREDICTIONS, Topics.PREDICTIONS_LAST,
                    Topics.PREDICTION_OUTCOMES));
        }
        Map<String, Object> settings = new HashMap<>(kafka.clientConfig());
        settings.put(ProducerConfig.LINGER_MS_CONFIG, 1);
        producer = new KafkaProducer<>(settings, Topics.PREDICTIONS.keySerde().serializer(),
                Topics.PREDICTIONS.valueSerde().serializer());
        // Bytes, so that a test can also send what no serde would write.
        outcomes = new KafkaProducer<>(settings, new StringSerializer(), new ByteArraySerializer());
    }

    /** A symbol no other test uses, starting with {@code prefix}. */
    static String symbol(String prefix) {
        return prefix + UUID.randomUUID().toString().replace("-", "").substring(0, 10).toUpperCase();
    }

    static Prediction prediction(String symbol, String venue, boolean shadow) {
        Prediction p = SampleEvents.prediction();
        p.setSymbol(symbol);
        p.setVenue(venue);
        p.setShadow(shadow);
        p.setTickSequence(SEQUENCE.incrementAndGet());
        long now = System.currentTimeMillis() * 1000;
        p.setExchangeTimeMicros(now);
        p.setIngestTimeMicros(now);
        return p;
    }

    /**
     * Restamps {@code p} as if ingested 20 ms ago, scored 6 ms later for 0.4 ms: in the past, so every hop into the
     * gateway is positive whatever the broker's pace. Returns {@code p}.
     */
    static Prediction stampedHops(Prediction p) {
        long ingest = p.getIngestTimeMicros() - 20_000;
        p.setIngestTimeMicros(ingest);
        p.setScoreStartMicros(ingest + 6_000);
        p.setScoreEndMicros(ingest + 6_400);
        return p;
    }

    /** Produces one live prediction and returns its offset in the predictions topic. */
    RecordMetadata live(Prediction prediction) throws Exception {
        return producer.send(new ProducerRecord<>(Topics.PREDICTIONS.name(), prediction.getSymbol().toString(),
                prediction)).get();
    }

    /** Produces without waiting; the future gives the record's position. */
    java.util.concurrent.Future<RecordMetadata> send(Prediction prediction) {
        return producer.send(new ProducerRecord<>(Topics.PREDICTIONS.name(), prediction.getSymbol().toString(),
                prediction));
    }

    RecordMetadata live(String symbol) throws Exception {
        return live(prediction(symbol, "XNAS", false));
    }

    /** Produces to the last-value topic, as inference-stream does. */
    void last(Prediction prediction) throws Exception {
        producer.send(new ProducerRecord<>(Topics.PREDICTIONS_LAST.name(), prediction.getSymbol().toString(),
                prediction)).get();
    }

    /**
     * A prediction by {@code model} v{@code version} of a fresh symbol, judged a hit or a miss of {@code logLoss}, the
     * mid having moved UP, with no known optimum.
     */
    static PredictionOutcome outcome(String model, int version, boolean shadow, boolean hit, double logLoss) {
        Prediction p = prediction(symbol("OUT"), "XNAS", shadow);
        p.setModelId(model);
        p.setModelVersion(version);
        PredictionOutcome outcome = SampleEvents.predictionOutcome();
        outcome.setPrediction(p);
        outcome.setHit(hit);
        outcome.setLogLoss(logLoss);
        outcome.setRealized(MoveDirection.UP);
        outcome.setOptimumHit(null);
        outcome.setOptimumLogLoss(null);
        return outcome;
    }

    /** Produces one outcome to the outcomes topic, stamped now, as inference-stream does at a prediction's horizon. */
    void judged(PredictionOutcome outcome) throws Exception {
        sendOutcome(outcome.getPrediction().getSymbol().toString(), Topics.PREDICTION_OUTCOMES.valueSerde()
                .serializer().serialize(Topics.PREDICTION_OUTCOMES.name(), outcome));
    }

    /** Produces bytes that are no outcome to the outcomes topic, keyed {@code symbol}. */
    void garbledOutcome(String symbol) throws Exception {
        sendOutcome(symbol, "not an outcome".getBytes(StandardCharsets.UTF_8));
    }

    private void sendOutcome(String symbol, byte[] value) throws Exception {
        outcomes.send(new ProducerRecord<>(Topics.PREDICTION_OUTCOMES.name(), symbol, value)).get();
    }

    /** Sends {@code method} with no body to {@code path} on the gateway's port. */
    static HttpResponse<String> http(Gateway gateway, String method, String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + gateway.port() + path))
                .method(method, HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
    }

    static GatewayConfig config(KafkaCluster kafka, Map<String, String> extra) {
        Map<String, String> env = new HashMap<>();
        env.put("ATLAS_KAFKA_BOOTSTRAP", kafka.bootstrapServers());
        env.put(GatewayConfig.PORT, "0");
        env.put(GatewayConfig.AUTH, "none");
        env.put(GatewayConfig.HEARTBEAT_MS, "60000");
        env.putAll(extra);
        return new GatewayConfig(env);
    }

    static Gateway start(KafkaCluster kafka, Map<String, String> extra) throws Exception {
        return start(kafka, extra, new SimpleMeterRegistry());
    }

    static Gateway start(KafkaCluster kafka, Map<String, String> extra,
                         io.micrometer.core.instrument.MeterRegistry registry) throws Exception {
        Gateway gateway = new Gateway(config(kafka, extra), registry);
        gateway.start();
        org.awaitility.Awaitility.await().atMost(TestClient.WAIT).until(gateway::ready);
        return gateway;
    }

    @Override
    public void close() {
        outcomes.close();
        producer.close();
    }
}
