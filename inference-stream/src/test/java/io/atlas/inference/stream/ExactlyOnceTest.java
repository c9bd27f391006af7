package io.atlas.inference.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.atlas.catalog.Topics;
import io.atlas.events.MarketTick;
import io.atlas.events.Prediction;
import io.atlas.events.PredictionOutcome;
import io.atlas.events.ReleaseStatus;
import io.atlas.inference.InferenceCli;
import io.atlas.inference.features.MoveLabel;
import io.atlas.inference.fixtures.KafkaFixtures;
import io.atlas.inference.fixtures.SyntheticTicks;
import io.atlas.inference.fixtures.TestModels;
import io.atlas.inference.model.Score;
import io.atlas.inference.model.Scorer;
import io.atlas.inference.train.LabeledRow;
import io.atlas.inference.train.LabeledRows;
import io.atlas.local.junit.WithKafka;
import io.atlas.local.kafka.CatalogTopics;
import io.atlas.local.kafka.KafkaCluster;
import io.atlas.local.process.ChildJvm;
import io.atlas.ops.KafkaConnection;
import io.atlas.ops.OpsServer;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the scorer as its own JVM with exactly_once_v2, hard-kills it (SIGKILL) while ticks flow, restarts it, and
 * checks with read_committed consumers that every output is exact: one live prediction per tick, each with the
 * probabilities an uninterrupted feature state gives (the state restored from its changelog is the committed one),
 * one outcome per judged prediction, and each symbol's last value its final prediction.
 */
@WithKafka
class ExactlyOnceTest {

    private static final int TICKS = 100_000;

    @TempDir
    Path dir;

    @BeforeAll
    static void createTopics(KafkaCluster kafka) {
        try (Admin admin = kafka.admin()) {
            CatalogTopics.create(admin, Topics.all());
        }
    }

    private ChildJvm startScorer(KafkaCluster kafka, String applicationId, String run) throws IOException {
        Map<String, String> env = new HashMap<>();
        env.put(KafkaConnection.BOOTSTRAP, kafka.bootstrapServers());
        env.put(OpsServer.PORT, "0");
        env.put(InferenceConfig.APPLICATION_ID_CONFIG, applicationId);
        env.put(InferenceConfig.PROCESSING_GUARANTEE, InferenceConfig.EXACTLY_ONCE_V2);
        env.put(InferenceConfig.STATE_DIR, dir.resolve("state").toString());
        // The restarted instance is a static member under the killed one's name (the host's) and takes its tasks
        // back at once: a 5-minute session, beyond every bounded wait below, proves nobody waits for it to expire.
        Path clientConfig = dir.resolve("client.properties");
        java.nio.file.Files.writeString(clientConfig, "session.timeout.ms=300000\nheartbeat.interval.ms=1000\n");
        env.put(KafkaConnection.CLIENT_CONFIG, clientConfig.toString());
        Path log = Path.of("target", "exactly-once", applicationId + "-" + run + ".log");
        return ChildJvm.start("scorer-" + run, List.of("-Xmx384m"), System.getProperty("java.class.path"),
                InferenceCli.class.getName(), List.of("run"), env, log);
    }

    @Test
    void shouldWriteExactlyOncePerTickAcrossAHardKill(KafkaCluster kafka) throws Exception {
        String suffix = UUID.randomUUID().toString().substring(0, 6).toUpperCase();
        List<String> symbols = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            symbols.add("EO" + i + suffix);
        }
        KafkaFixtures.publishInstruments(kafka.clientConfig(), symbols);
        KafkaFixtures.publishRelease(kafka.clientConfig(), TestModels.release("tick-direction", 1,
                ReleaseStatus.ACTIVE));
        String applicationId = "exactly-once-test-" + suffix;
        Set<String> ours = Set.copyOf(symbols);
        List<MarketTick> ticks = new SyntheticTicks(99, symbols, 2.0, 0.5).take(TICKS);
        Map<String, Prediction> predictions = new HashMap<>();
        AtomicLong total = new AtomicLong();
        Map<String, PredictionOutcome> outcomes = new HashMap<>();
        AtomicLong outcomeTotal = new AtomicLong();
        Map<String, Prediction> lastValues = new HashMap<>();
        AtomicLong lastValueTotal = new AtomicLong();

        try (KafkaProducer<String, MarketTick> producer = KafkaFixtures.tickProducer(kafka.clientConfig());
             KafkaConsumer<String, Prediction> reader = KafkaFixtures.predictionReader(kafka.clientConfig());
             KafkaConsumer<String, PredictionOutcome> outcomeReader = KafkaFixtures.committedReader(
                     kafka.clientConfig(), Topics.PREDICTION_OUTCOMES);
             KafkaConsumer<String, Prediction> lastValueReader = KafkaFixtures.committedReader(kafka.clientConfig(),
                     Topics.PREDICTIONS_LAST)) {
            for (MarketTick tick : ticks) {
                producer.send(new ProducerRecord<>(Topics.TICKS.name(), tick.getSymbol(), tick));
            }
            producer.flush();
            Runnable read = () -> {
                KafkaFixtures.drain(reader, ours, p -> {
                    predictions.put(key(p), p);
                    total.incrementAndGet();
                });
                // Other test classes of this JVM leave shadow releases on the shared broker: count live outcomes.
                KafkaFixtures.drain(outcomeReader, record -> {
                    if (ours.contains(record.key()) && !record.value().getPrediction().getShadow()) {
                        outcomes.put(key(record.value().getPrediction()), record.value());
                        outcomeTotal.incrementAndGet();
                    }
                });
                KafkaFixtures.drain(lastValueReader, record -> {
                    if (ours.contains(record.key())) {
                        lastValues.put(record.key(), record.value());
                        lastValueTotal.incrementAndGet();
                    }
                });
            };

            ChildJvm first = startScorer(kafka, applicationId, "1");
            try {
                await().atMost(Duration.ofSeconds(90)).until(() -> {
                    first.ensureAlive("scoring before the kill");
                    read.run();
                    return predictions.size() >= 5_000;
                });
            } finally {
                ProcessHandle.of(first.pid()).ifPresent(ProcessHandle::destroyForcibly);
                first.close();
            }
            assertThat(predictions.size()).as("killed mid-stream").isLessThan(TICKS);

            try (ChildJvm second = startScorer(kafka, applicationId, "2")) {
                await().atMost(Duration.ofSeconds(120)).until(() -> {
                    second.ensureAlive("scoring after the restart");
                    read.run();
                    return predictions.size() >= TICKS && outcomes.size() >= TICKS - symbols.size()
                            && lastValues.values().stream().mapToLong(Prediction::getTickSequence).sum()
                            == lastSequences(ticks).values().stream().mapToLong(Long::longValue).sum();
                });
                // Read to the committed end so that any duplicate written after the last new record shows.
                await().atMost(Duration.ofSeconds(60)).until(() -> {
                    read.run();
                    return KafkaFixtures.atEnd(reader) && KafkaFixtures.atEnd(outcomeReader)
                            && KafkaFixtures.atEnd(lastValueReader);
                });
            }
        }
        assertThat(predictions).hasSize(TICKS);
        assertThat(total.get()).as("predictions of our symbols, doubles included").isEqualTo(TICKS);
        assertThatFeaturesSurvivedTheKill(ticks, predictions);
        assertThatEveryPredictionWasJudgedOnce(ticks, predictions, outcomes, outcomeTotal.get(), symbols.size());
        lastSequences(ticks).forEach((symbol, sequence) ->
                assertThat(lastValues.get(symbol)).isEqualTo(predictions.get(symbol + "#" + sequence)));
        assertThat(lastValueTotal.get()).as("last values are written once per symbol per commit, not per tick")
                .isLessThan(TICKS / 10);
    }

    /** Every prediction, before and after the kill, has the probabilities an uninterrupted feature state gives. */
    private static void assertThatFeaturesSurvivedTheKill(List<MarketTick> ticks, Map<String, Prediction> made) {
        LabeledRows rows = new LabeledRows(1, symbol -> SyntheticTicks.TICK_SIZE);
        ticks.forEach(rows::add);
        Scorer scorer = new Scorer(TestModels.trained().model());
        List<LabeledRow> labeled = rows.rows();
        assertThat(labeled).hasSizeGreaterThan(TICKS - 10);
        for (LabeledRow row : labeled) {
            MarketTick tick = ticks.get((int) row.order());
            Prediction live = made.get(tick.getSymbol() + "#" + tick.getSequence());
            Score offline = scorer.score(row.features());
            assertThat(live.getPUp()).as("pUp of %s#%d", tick.getSymbol(), tick.getSequence())
                    .isEqualTo(offline.pUp());
            assertThat(live.getPDown()).isEqualTo(offline.pDown());
        }
    }

    /** One outcome per prediction whose horizon passed (all but each symbol's last), judged by the next tick. */
    private static void assertThatEveryPredictionWasJudgedOnce(List<MarketTick> ticks, Map<String, Prediction> made,
                                                               Map<String, PredictionOutcome> outcomes, long total,
                                                               int symbols) {
        assertThat(outcomes).hasSize(TICKS - symbols);
        assertThat(total).as("outcomes of our symbols, doubles included").isEqualTo(TICKS - symbols);
        Map<String, MarketTick> bySequence = new HashMap<>();
        ticks.forEach(tick -> bySequence.put(tick.getSymbol() + "#" + tick.getSequence(), tick));
        outcomes.forEach((key, outcome) -> {
            Prediction prediction = outcome.getPrediction();
            assertThat(prediction).isEqualTo(made.get(key));
            MarketTick next = bySequence.get(prediction.getSymbol() + "#" + (prediction.getTickSequence() + 1));
            double nextMid = (next.getBid() + next.getAsk()) / 2;
            assertThat(outcome.getOutcomeMid()).as("outcome of %s", key).isEqualTo(nextMid);
            assertThat(outcome.getRealized()).isEqualTo(MoveLabel.between(prediction.getMid(), nextMid));
        });
    }

    private static Map<String, Long> lastSequences(List<MarketTick> ticks) {
        Map<String, Long> last = new HashMap<>();
        ticks.forEach(tick -> last.merge(tick.getSymbol(), tick.getSequence(), Math::max));
        return last;
    }

    private static String key(Prediction prediction) {
        return prediction.getSymbol() + "#" + prediction.getTickSequence();
    }
}
