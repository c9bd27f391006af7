package io.atlas.inference.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.atlas.catalog.Hop;
import io.atlas.catalog.ReleaseKey;
import io.atlas.catalog.Topics;
import io.atlas.events.DeadLetter;
import io.atlas.events.Instrument;
import io.atlas.events.MarketTick;
import io.atlas.events.ModelRelease;
import io.atlas.events.MoveDirection;
import io.atlas.events.Prediction;
import io.atlas.events.PredictionOutcome;
import io.atlas.events.ReleaseStatus;
import io.atlas.events.TradingStatus;
import io.atlas.inference.features.FeatureVector;
import io.atlas.inference.fixtures.SyntheticTicks;
import io.atlas.inference.fixtures.TestModels;
import io.atlas.inference.model.ModelRegistry;
import io.atlas.inference.model.PlantedSignal;
import io.atlas.inference.model.Score;
import io.atlas.inference.model.Scorer;
import io.atlas.inference.train.LabeledRow;
import io.atlas.inference.train.LabeledRows;
import io.atlas.ops.trace.Tracing;
import io.atlas.schemas.serde.ContractSerdes;

import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueStore;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InferenceTopologyTest {

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    /** The driver's wall clock at start: after T0, so releases stamped T0 were committed before the scorer ran. */
    private static final Instant STARTED = T0.plusSeconds(3600);

    @TempDir
    Path stateDir;

    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final InferenceMetrics metrics = new InferenceMetrics(meters);
    private final ModelRegistry models = new ModelRegistry(metrics);
    private TopologyTestDriver driver;
    private TestInputTopic<String, byte[]> ticks;
    private TestInputTopic<String, Instrument> instruments;
    private TestInputTopic<String, ModelRelease> releases;
    private TestOutputTopic<String, Prediction> predictions;
    private TestOutputTopic<String, Prediction> lastPredictions;
    private TestOutputTopic<String, PredictionOutcome> outcomes;
    private TestOutputTopic<String, DeadLetter> deadLetters;
    private long tickTime;

    @BeforeEach
    void startDriver() {
        startDriver(null, stateDir);
    }

    /** Starts the topology on ticks whose planted signal is {@code optimum} (null: not known to be simulated). */
    private void startDriver(PlantedSignal optimum, Path state) {
        Properties properties = new Properties();
        properties.put(StreamsConfig.APPLICATION_ID_CONFIG, "inference-topology-test");
        properties.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        properties.put(StreamsConfig.STATE_DIR_CONFIG, state.toString());
        driver = new TopologyTestDriver(InferenceTopology.build(models, metrics, Tracing.off(), optimum), properties,
                STARTED);
        ticks = driver.createInputTopic(Topics.TICKS.name(), Serdes.String().serializer(),
                Serdes.ByteArray().serializer());
        instruments = driver.createInputTopic(Topics.INSTRUMENTS.name(), Topics.INSTRUMENTS.keySerde().serializer(),
                Topics.INSTRUMENTS.valueSerde().serializer());
        releases = driver.createInputTopic(Topics.MODEL_RELEASES.name(),
                Topics.MODEL_RELEASES.keySerde().serializer(), Topics.MODEL_RELEASES.valueSerde().serializer());
        predictions = driver.createOutputTopic(Topics.PREDICTIONS.name(), Topics.PREDICTIONS.keySerde().deserializer(),
                Topics.PREDICTIONS.valueSerde().deserializer());
        lastPredictions = driver.createOutputTopic(Topics.PREDICTIONS_LAST.name(),
                Topics.PREDICTIONS_LAST.keySerde().deserializer(), Topics.PREDICTIONS_LAST.valueSerde().deserializer());
        outcomes = driver.createOutputTopic(Topics.PREDICTION_OUTCOMES.name(),
                Topics.PREDICTION_OUTCOMES.keySerde().deserializer(),
                Topics.PREDICTION_OUTCOMES.valueSerde().deserializer());
        deadLetters = driver.createOutputTopic(Topics.DEAD_LETTERS.name(),
                Topics.DEAD_LETTERS.keySerde().deserializer(), Topics.DEAD_LETTERS.valueSerde().deserializer());
        for (String symbol : List.of("AAA", "BBB")) {
            instruments.pipeInput(symbol, instrument(symbol, TradingStatus.TRADING), T0);
        }
    }

    @AfterEach
    void closeDriver() {
        driver.close();
    }

    private static Instrument instrument(String symbol, TradingStatus status) {
        return Instrument.newBuilder().setSymbol(symbol).setVenue("XSIM").setTickSize(SyntheticTicks.TICK_SIZE)
                .setCurrency("USD").setStatus(status).setLotSize(1).setUpdatedAtMicros(0).build();
    }

    private void pipe(MarketTick tick) {
        ticks.pipeInput(tick.getSymbol(), ContractSerdes.marketTick().encode(tick), T0.plusMillis(++tickTime));
    }

    private void pipeAll(List<MarketTick> list) {
        list.forEach(this::pipe);
    }

    private static List<MarketTick> ticksOf(String symbol, int count, long seed) {
        return new SyntheticTicks(seed, List.of(symbol), 2.0, 0.5).take(count);
    }

    private double counter(String name, String tag, String value) {
        var counter = meters.find(name).tag(tag, value).counter();
        return counter == null ? 0 : counter.count();
    }

    @Test
    void shouldUpdateFeaturesButNotPredictBeforeAnyModelIsActive() {
        pipeAll(ticksOf("AAA", 5, 1));

        assertThat(predictions.isEmpty()).isTrue();
        KeyValueStore<String, SymbolState> store = driver.getKeyValueStore(InferenceTopology.FEATURE_STORE);
        assertThat(store.get("AAA").features.accepted()).isEqualTo(5);
        assertThat(counter("atlas.inference.ticks.unscored", "reason", "NO_MODEL")).isEqualTo(5);
    }

    @Test
    void shouldPredictEveryTickWithTheActiveModel() {
        releases.pipeInput("tick-direction", TestModels.release("tick-direction", 1, ReleaseStatus.ACTIVE), T0);
        List<MarketTick> input = ticksOf("AAA", 20, 2);

        pipeAll(input);

        List<Prediction> made = predictions.readValuesToList();
        assertThat(made).hasSize(20);
        for (int i = 0; i < made.size(); i++) {
            Prediction prediction = made.get(i);
            assertThat(prediction.getSymbol()).isEqualTo("AAA");
            assertThat(prediction.getTickSequence()).isEqualTo(input.get(i).getSequence());
            assertThat(prediction.getModelId()).isEqualTo("tick-direction");
            assertThat(prediction.getModelVersion()).isEqualTo(1);
            assertThat(prediction.getShadow()).isFalse();
            assertThat(prediction.getHorizonTicks()).isEqualTo(1);
            assertThat(prediction.getPDown() + prediction.getPFlat() + prediction.getPUp()).isCloseTo(1.0,
                    within(1e-9));
            assertThat(prediction.getScoreEndMicros()).isGreaterThanOrEqualTo(prediction.getScoreStartMicros());
        }
        assertThat(lastPredictions.readKeyValuesToMap()).containsOnlyKeys("AAA");
        // One tick in 16 is timed: the 1st and the 17th of these 20.
        List<Prediction> timed = List.of(made.get(0), made.get(16));
        assertThat(meters.find("atlas.inference.score.latency").timer().count()).isEqualTo(timed.size());
        var scoring = meters.get(Hop.METER).tag(Hop.TAG, Hop.SCORING.tagValue()).timer();
        assertThat(scoring.count()).isEqualTo(timed.size());
        assertThat(scoring.totalTime(TimeUnit.MICROSECONDS)).isEqualTo((double) timed.stream()
                .mapToLong(p -> p.getScoreEndMicros() - p.getScoreStartMicros()).sum());
        assertThat(meters.find("atlas.inference.predictions").counters().stream().mapToDouble(c -> c.count()).sum())
                .as("counters count every tick").isEqualTo(20);
    }

    @Test
    void shouldKeyEveryOutputByTheTicksSymbolWhateverTheTicksKey() {
        releases.pipeInput("tick-direction", TestModels.release("tick-direction", 1, ReleaseStatus.ACTIVE), T0);
        List<MarketTick> input = ticksOf("AAA", 2, 10);

        ticks.pipeInput("AAA", ContractSerdes.marketTick().encode(input.get(0)), T0);
        ticks.pipeInput("not-the-symbol", ContractSerdes.marketTick().encode(input.get(1)), T0);

        assertThat(predictions.readKeyValuesToList()).extracting(kv -> kv.key).containsExactly("AAA", "AAA");
        assertThat(outcomes.readKeyValuesToList()).extracting(kv -> kv.key).containsExactly("AAA");
        assertThat(lastPredictions.readKeyValuesToMap()).containsOnlyKeys("AAA");
    }

    @Test
    void shouldComputeTheSameFeaturesAsTheTrainingPath() {
        releases.pipeInput("tick-direction", TestModels.release("tick-direction", 1, ReleaseStatus.ACTIVE), T0);
        List<MarketTick> input = new SyntheticTicks(5, List.of("AAA", "BBB"), 2.0, 0.5).take(400);
        LabeledRows training = new LabeledRows(1, symbol -> SyntheticTicks.TICK_SIZE);
        input.forEach(training::add);

        pipeAll(input);

        // The live model weighs every feature, so bit-identical probabilities mean bit-identical feature vectors.
        List<Prediction> made = predictions.readValuesToList();
        Scorer scorer = new Scorer(TestModels.trained().model());
        List<LabeledRow> rows = training.rows();
        assertThat(rows).hasSize(398);
        for (LabeledRow row : rows) {
            Prediction live = made.get((int) row.order());
            Score offline = scorer.score(row.features());
            assertThat(live.getSymbol()).isEqualTo(row.symbol());
            assertThat(live.getPUp()).isEqualTo(offline.pUp());
            assertThat(live.getPDown()).isEqualTo(offline.pDown());
            assertThat(live.getPFlat()).isEqualTo(offline.pFlat());
        }
        assertThat(rows.get(0).features()).hasSize(FeatureVector.SIZE);
    }

    @Test
    void shouldNotScoreAHaltedInstrument() {
        releases.pipeInput("tick-direction", TestModels.release("tick-direction", 1, ReleaseStatus.ACTIVE), T0);
        instruments.pipeInput("AAA", instrument("AAA", TradingStatus.HALTED), T0);

        pipeAll(ticksOf("AAA", 3, 3));

        assertThat(predictions.isEmpty()).isTrue();
        assertThat(counter("atlas.inference.ticks.unscored", "reason", "NOT_TRADING")).isEqualTo(3);
        instruments.pipeInput("AAA", instrument("AAA", TradingStatus.TRADING), T0);
        pipe(new SyntheticTicks(3, List.of("AAA"), 2.0, 0.5).take(4).get(3));
        assertThat(predictions.readValuesToList()).hasSize(1);
    }

    @Test
    void shouldDeadLetterATickForAnUnknownInstrument() {
        MarketTick unknown = ticksOf("ZZZ", 1, 4).get(0);
        byte[] bytes = ContractSerdes.marketTick().encode(unknown);

        ticks.pipeInput("ZZZ", bytes, T0);

        DeadLetter letter = deadLetters.readValue();
        assertThat(letter.getReasonCode()).isEqualTo(ScoringProcessor.UNKNOWN_INSTRUMENT);
        assertThat(letter.getSourceTopic()).isEqualTo(Topics.TICKS.name());
        assertThat(letter.getService()).isEqualTo("inference-stream");
        assertThat(letter.getOriginalValue()).isEqualTo(ByteBuffer.wrap(bytes));
        assertThat(letter.getOriginalKey()).isEqualTo(ByteBuffer.wrap("ZZZ".getBytes()));
        assertThat(predictions.isEmpty()).isTrue();
        assertThat(counter("atlas.inference.dead.letters", "reason", "UNKNOWN_INSTRUMENT")).isEqualTo(1);
    }

    @Test
    void shouldDeadLetterATickThatCannotBeDecoded() {
        ticks.pipeInput("AAA", new byte[] {1, 2, 3}, T0);

        assertThat(deadLetters.readValue().getReasonCode()).isEqualTo(ScoringProcessor.UNDECODABLE);
    }

    @Test
    void shouldSwapTheModelMidStreamWithoutARestart() {
        releases.pipeInput("tick-direction", TestModels.release("tick-direction", 1, ReleaseStatus.ACTIVE), T0);
        List<MarketTick> input = ticksOf("AAA", 10, 6);
        pipeAll(input.subList(0, 5));

        releases.pipeInput("tick-direction", TestModels.release("tick-direction", 2, ReleaseStatus.ACTIVE), T0);
        pipeAll(input.subList(5, 10));

        assertThat(predictions.readValuesToList()).extracting(Prediction::getModelVersion)
                .containsExactly(1, 1, 1, 1, 1, 2, 2, 2, 2, 2);
        assertThat(meters.find("atlas.inference.model.swaps").counter().count()).isEqualTo(2);
        assertThat(meters.find("atlas.inference.model.version").gauge().value()).isEqualTo(2);
    }

    @Test
    void shouldScoreAShadowReleaseSideBySideAndFlagIt() {
        releases.pipeInput("tick-direction", TestModels.release("tick-direction", 1, ReleaseStatus.ACTIVE), T0);
        releases.pipeInput("challenger", TestModels.release("challenger", 1, ReleaseStatus.SHADOW), T0);

        pipeAll(ticksOf("AAA", 3, 7));

        List<Prediction> made = predictions.readValuesToList();
        assertThat(made).hasSize(6);
        assertThat(made).filteredOn(Prediction::getShadow).extracting(Prediction::getModelId)
                .containsOnly("challenger").hasSize(3);
        assertThat(made).filteredOn(p -> !p.getShadow()).extracting(Prediction::getModelId)
                .containsOnly("tick-direction").hasSize(3);
        // Snapshots show clients live predictions only.
        assertThat(lastPredictions.readValuesToList()).hasSize(3).noneMatch(Prediction::getShadow);
    }

    @Test
    void shouldRejectABadReleaseAndKeepServingTheCurrentModel() {
        releases.pipeInput("tick-direction", TestModels.release("tick-direction", 1, ReleaseStatus.ACTIVE), T0);
        ModelRelease bad = TestModels.release("tick-direction", 2, ReleaseStatus.ACTIVE);
        bad.setFeatures(List.of("only", "three", "features"));

        releases.pipeInput("tick-direction", bad, T0);
        pipeAll(ticksOf("AAA", 2, 8));

        assertThat(predictions.readValuesToList()).extracting(Prediction::getModelVersion).containsExactly(1, 1);
        assertThat(counter("atlas.inference.model.rejected", "reason", "FEATURE_MISMATCH")).isEqualTo(1);
    }

    @Test
    void shouldRefuseAVersionReusedForOtherBytesAndKeepItsReleaseForRestarts() {
        ModelRelease original = TestModels.release("tick-direction", 1, ReleaseStatus.ACTIVE);
        releases.pipeInput(ReleaseKey.of(original), original, T0);
        releases.pipeInput(ReleaseKey.of(original), TestModels.anotherRelease("tick-direction", 1,
                ReleaseStatus.ACTIVE), T0);
        pipeAll(ticksOf("AAA", 2, 8));

        assertThat(predictions.readValuesToList()).extracting(Prediction::getModelVersion).containsExactly(1, 1);
        assertThat(models.current().active().digest()).isEqualTo(original.getDigest());
        assertThat(counter("atlas.inference.model.rejected", "reason", ModelRegistry.VERSION_REUSED)).isEqualTo(1);
        KeyValueStore<String, ModelRelease> store = driver.getKeyValueStore(InferenceTopology.RELEASE_STORE);
        assertThat(store.get(ReleaseKey.of(original)).getDigest()).isEqualTo(original.getDigest());
    }

    @Test
    void shouldTimeHowLongAReleaseCommittedWhileRunningTookToGoLive() {
        releases.pipeInput("tick-direction:1", TestModels.release("tick-direction", 1, ReleaseStatus.ACTIVE), T0);
        Instant committed = STARTED.plusMillis(10);
        driver.advanceWallClockTime(Duration.ofMillis(260));
        releases.pipeInput("tick-direction:2", TestModels.release("tick-direction", 2, ReleaseStatus.ACTIVE),
                committed);
        releases.pipeInput("tick-direction:2", TestModels.release("tick-direction", 2, ReleaseStatus.RETIRED),
                STARTED.plusMillis(270));

        Timer rollout = meters.find("atlas.inference.model.rollout").timer();
        assertThat(rollout.count()).as("only the release committed while running, and only as it went live")
                .isEqualTo(1);
        assertThat(rollout.totalTime(TimeUnit.MILLISECONDS)).isEqualTo(250);
    }

    @Test
    void shouldJudgeEachPredictionWhenItsHorizonHasPassed() {
        ModelRelease threeTicks = ReleaseFixtures.withHorizon(TestModels.release("tick-direction", 1,
                ReleaseStatus.ACTIVE), 3);
        releases.pipeInput("tick-direction", threeTicks, T0);
        List<MarketTick> input = ticksOf("AAA", 6, 9);

        pipeAll(input.subList(0, 3));
        assertThat(outcomes.isEmpty()).isTrue();
        pipeAll(input.subList(3, 6));

        List<PredictionOutcome> judged = outcomes.readValuesToList();
        assertThat(judged).hasSize(3);
        for (int i = 0; i < 3; i++) {
            PredictionOutcome outcome = judged.get(i);
            MarketTick at = input.get(i);
            MarketTick later = input.get(i + 3);
            double midAt = (at.getBid() + at.getAsk()) / 2;
            double midLater = (later.getBid() + later.getAsk()) / 2;
            MoveDirection realized = midLater > midAt + 1e-9 ? MoveDirection.UP
                    : midLater < midAt - 1e-9 ? MoveDirection.DOWN : MoveDirection.FLAT;
            assertThat(outcome.getPrediction().getTickSequence()).isEqualTo(at.getSequence());
            assertThat(outcome.getOutcomeMid()).isEqualTo(midLater);
            assertThat(outcome.getRealized()).isEqualTo(realized);
            assertThat(outcome.getHit()).isEqualTo(outcome.getPrediction().getPredicted() == realized);
            double p = realized == MoveDirection.UP ? outcome.getPrediction().getPUp()
                    : realized == MoveDirection.DOWN ? outcome.getPrediction().getPDown()
                    : outcome.getPrediction().getPFlat();
            assertThat(outcome.getLogLoss()).isCloseTo(-Math.log(p), within(1e-12));
            assertThat(outcome.getOptimumHit()).isNull();
            assertThat(outcome.getOptimumLogLoss()).isNull();
        }
        double hits = counter("atlas.inference.outcomes", "result", "hit");
        double misses = counter("atlas.inference.outcomes", "result", "miss");
        assertThat(hits + misses).isEqualTo(3);
        assertThat(meters.find("atlas.inference.outcome.log.loss").tag("group", "A").summary().count())
                .isEqualTo(3);
    }

    @Test
    void shouldLeaveTheOptimumOutWhenTheTicksAreNotKnownToBeSimulated() {
        releases.pipeInput("tick-direction", TestModels.release("tick-direction", 1, ReleaseStatus.ACTIVE), T0);

        pipeAll(ticksOf("AAA", 3, 12));

        assertThat(outcomes.readValuesToList()).hasSize(2).allSatisfy(outcome -> {
            assertThat(outcome.getOptimumHit()).isNull();
            assertThat(outcome.getOptimumLogLoss()).isNull();
        });
        assertThat(meters.find("atlas.inference.outcome.optimum").counters()).isEmpty();
        assertThat(meters.find("atlas.inference.outcome.realized").tag("direction", "UP").counters()).hasSize(1);
    }

    @Test
    void shouldJudgeTheKnownOptimumOneTickAheadAndCountThePriorOnTheSameOutcomes() {
        double k = 4.0;
        double m = 0.8;
        driver.close();
        startDriver(new PlantedSignal(k, m), stateDir.resolve("simulated"));
        releases.pipeInput("tick-direction", TestModels.release("tick-direction", 1, ReleaseStatus.ACTIVE), T0);
        releases.pipeInput("challenger", ReleaseFixtures.withHorizon(TestModels.release("challenger", 1,
                ReleaseStatus.SHADOW), 3), T0);
        List<MarketTick> input = new SyntheticTicks(11, List.of("AAA", "BBB"), k, m).take(2_000);
        Map<String, MarketTick> bySymbolAndSequence = new HashMap<>();
        input.forEach(tick -> bySymbolAndSequence.put(tick.getSymbol() + "@" + tick.getSequence(), tick));

        pipeAll(input);

        Map<MoveDirection, Integer> realized = new EnumMap<>(MoveDirection.class);
        int judged = 0;
        int optimumHits = 0;
        double optimumLoss = 0;
        for (PredictionOutcome outcome : outcomes.readValuesToList()) {
            Prediction prediction = outcome.getPrediction();
            if (prediction.getHorizonTicks() != 1) {
                assertThat(outcome.getOptimumHit()).as("the planted signal decides one tick ahead only").isNull();
                assertThat(outcome.getOptimumLogLoss()).isNull();
                continue;
            }
            MarketTick at = bySymbolAndSequence.get(prediction.getSymbol() + "@" + prediction.getTickSequence());
            double imbalance = (at.getBidSize() - at.getAskSize()) / (at.getBidSize() + at.getAskSize());
            double up = m / (1 + Math.exp(-k * imbalance));
            double p = switch (outcome.getRealized()) {
                case UP -> up;
                case DOWN -> m - up;
                case FLAT -> 1 - m;
            };
            // With m = 0.8 a move is always likelier than FLAT (1 − m < m / 2): the optimum follows the imbalance.
            MoveDirection best = imbalance >= 0 ? MoveDirection.UP : MoveDirection.DOWN;
            assertThat(outcome.getOptimumHit()).isEqualTo(best == outcome.getRealized());
            assertThat(outcome.getOptimumLogLoss()).isCloseTo(-Math.log(p), within(1e-12));
            realized.merge(outcome.getRealized(), 1, Integer::sum);
            judged++;
            optimumHits += outcome.getOptimumHit() ? 1 : 0;
            optimumLoss += outcome.getOptimumLogLoss();
        }
        assertThat(judged).isEqualTo(input.size() - 2);

        // The meters hold the same outcomes: realized moves per direction (the prior) and the optimum's figures.
        for (MoveDirection direction : MoveDirection.values()) {
            assertThat(sum("atlas.inference.outcome.realized", "tick-direction", "direction", direction.name()))
                    .isEqualTo((double) realized.getOrDefault(direction, 0));
        }
        assertThat(sum("atlas.inference.outcome.optimum", "tick-direction", "result", "hit"))
                .isEqualTo((double) optimumHits);
        assertThat(meters.find("atlas.inference.outcome.optimum.log.loss").tag("model", "tick-direction")
                .summaries().stream().mapToDouble(s -> s.totalAmount()).sum()).isCloseTo(optimumLoss, within(1e-9));
        assertThat(meters.find("atlas.inference.outcome.optimum").tag("model", "challenger").counters()).isEmpty();

        // What the panel shows beside the model: the optimum beats the prior on both counts.
        double priorHitRate = realized.values().stream().mapToInt(Integer::intValue).max().orElseThrow()
                / (double) judged;
        double priorLogLoss = 0;
        for (int n : realized.values()) {
            priorLogLoss -= n / (double) judged * Math.log(n / (double) judged);
        }
        assertThat(optimumHits / (double) judged).isGreaterThan(priorHitRate + 0.1);
        assertThat(optimumLoss / judged).isLessThan(priorLogLoss - 0.1);
    }

    private double sum(String meter, String model, String tag, String value) {
        return meters.find(meter).tag("model", model).tag(tag, value).counters().stream()
                .mapToDouble(c -> c.count()).sum();
    }
}
