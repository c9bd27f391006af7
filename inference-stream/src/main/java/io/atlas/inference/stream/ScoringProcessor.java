package io.atlas.inference.stream;

import io.atlas.catalog.Topics;
import io.atlas.events.DeadLetter;
import io.atlas.events.Instrument;
import io.atlas.events.MarketTick;
import io.atlas.events.MoveDirection;
import io.atlas.events.Prediction;
import io.atlas.events.PredictionOutcome;
import io.atlas.events.TradingStatus;
import io.atlas.inference.features.FeatureExtractor;
import io.atlas.inference.features.FeatureVector;
import io.atlas.inference.features.MoveLabel;
import io.atlas.inference.model.ActiveModels;
import io.atlas.inference.model.LoadedRelease;
import io.atlas.inference.model.ModelRegistry;
import io.atlas.inference.model.PlantedSignal;
import io.atlas.inference.model.Score;
import io.atlas.ops.trace.TraceAttributes;
import io.atlas.ops.trace.Tracing;
import io.atlas.schemas.serde.AvroSerde;
import io.atlas.schemas.serde.ContractSerdes;
import io.atlas.schemas.serde.UndecodableRecordException;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.context.Context;

import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.apache.kafka.streams.state.KeyValueStore;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.List;

/**
 * Reads ticks (raw bytes, so a refused tick can be dead-lettered as it was read), keeps each symbol's
 * {@link SymbolState} in the {@link SymbolStateStore} and forwards, encoded, what the tick produces: a live
 * {@link Prediction} from the ACTIVE release, one flagged shadow per SHADOW release, a {@link PredictionOutcome}
 * for every earlier prediction whose horizon this tick reaches, or a {@link DeadLetter}.
 *
 * <p>Ticks of halted or closed instruments, ticks seen before any model is loaded, and replays (sequence not above
 * the symbol's last) produce no prediction and are counted; the first two still update the features and judge
 * pending predictions, because the market data is real. Each prediction is encoded once: the same bytes go to the
 * predictions topic, the last-value table and the pending state.
 *
 * <p>When the ticks are known to be simulated ({@link PlantedSignal}), each outcome of a one-tick-ahead prediction
 * also carries the known optimum's hit and log-loss, from the imbalance of the tick the prediction was made at.
 *
 * <p>Tracing: a tick whose headers carry a sampled trace context gets a {@value #SPAN} span, its child, and every
 * record the tick produces carries the score span's context, so the gateway's span is the score span's child. A tick
 * without a sampled context gets no span and its outputs no context. A dead letter is always recorded. Output records
 * are built new, so they carry only the headers set here, never the input's by accident.
 */
final class ScoringProcessor implements Processor<byte[], byte[], byte[], ScoredOutput> {

    static final String SERVICE = "inference-stream";
    static final String UNKNOWN_INSTRUMENT = "UNKNOWN_INSTRUMENT";
    static final String UNDECODABLE = "UNDECODABLE";
    private static final Logger log = LoggerFactory.getLogger(ScoringProcessor.class);
    private static final double MIN_PROBABILITY = 1e-15;
    static final String SPAN = "score";
    /**
     * The latency timers (scoring, and the broker → inference and scoring hops) record one tick in
     * {@code LATENCY_SAMPLE_MASK + 1} per task: their percentiles stay unbiased at a fraction of the cost of a
     * timer per tick; the counters count every tick.
     */
    static final int LATENCY_SAMPLE_MASK = 15;

    private final ModelRegistry models;
    private final InstrumentDirectory instruments;
    private final InferenceMetrics metrics;
    private final Tracing tracing;
    private final PlantedSignal optimum;
    private final AvroSerde<MarketTick> ticks = ContractSerdes.marketTick();
    private final AvroSerde<Prediction>.Writer predictions = ContractSerdes.prediction().writer();
    private final OutcomeEncoder outcomes = new OutcomeEncoder();
    private final AvroSerde<DeadLetter> deadLetters = ContractSerdes.deadLetter();
    private final double[] vector = new double[FeatureVector.SIZE];
    private long ticksSeen;
    private ProcessorContext<byte[], ScoredOutput> context;
    private KeyValueStore<String, SymbolState> store;
    // The current tick's trace: its score span (or its upstream context when unsampled), and the headers of what
    // it produces (null: none); invalid and null when tracing is off.
    private Span span = Span.getInvalid();
    private Headers outputHeaders;

    /** @param optimum the ticks' planted signal when they are simulated, or null when it is not known */
    ScoringProcessor(ModelRegistry models, InstrumentDirectory instruments, InferenceMetrics metrics,
                     Tracing tracing, PlantedSignal optimum) {
        this.models = models;
        this.instruments = instruments;
        this.metrics = metrics;
        this.tracing = tracing;
        this.optimum = optimum;
    }

    @Override
    public void init(ProcessorContext<byte[], ScoredOutput> context) {
        this.context = context;
        this.store = context.getStateStore(InferenceTopology.FEATURE_STORE);
    }

    @Override
    public void process(Record<byte[], byte[]> record) {
        if (!tracing.enabled()) {
            score(record);
            return;
        }
        Context upstream = tracing.extract(record.headers());
        Span parent = Span.fromContext(upstream);
        if (parent.getSpanContext().isSampled()) {
            span = tracing.tracer().spanBuilder(SPAN).setSpanKind(SpanKind.CONSUMER).setParent(upstream).startSpan();
            outputHeaders = new RecordHeaders();
            tracing.inject(span, outputHeaders);
        } else {
            span = parent;
        }
        try {
            score(record);
        } finally {
            span.end();
            span = Span.getInvalid();
            outputHeaders = null;
        }
    }

    private void score(Record<byte[], byte[]> record) {
        RecordMetadata source = context.recordMetadata().orElse(null);
        MarketTick tick;
        try {
            tick = source == null ? ticks.deserializer().deserialize(Topics.TICKS.name(), record.value())
                    : ticks.decode(source.topic(), source.partition(), source.offset(), record.value());
        } catch (UndecodableRecordException e) {
            deadLetter(record, source, UNDECODABLE, e.getMessage());
            return;
        }
        if (tick == null) {
            return;
        }
        String symbol = tick.getSymbol();
        span.setAttribute(TraceAttributes.SYMBOL, symbol);
        Instrument instrument = instruments.get(symbol);
        if (instrument == null) {
            deadLetter(record, source, UNKNOWN_INSTRUMENT, "no instrument " + symbol + " on "
                    + Topics.INSTRUMENTS.name());
            return;
        }
        boolean timed = (ticksSeen++ & LATENCY_SAMPLE_MASK) == 0;
        long started = timed ? System.nanoTime() : 0;
        long startMicros = MicroClock.nowMicros();
        if (timed) {
            metrics.reachedScorer(tick.getIngestTimeMicros(), startMicros);
        }
        SymbolState state = store.get(symbol);
        if (state == null) {
            state = new SymbolState();
        }
        if (!FeatureExtractor.update(state.features, tick, instrument.getTickSize(), vector)) {
            metrics.countUnscored("STALE");
            return;
        }
        byte[] key = keyOf(record.key(), symbol);
        judgeDue(state, tick, key, record);
        if (instrument.getStatus() != TradingStatus.TRADING) {
            metrics.countUnscored("NOT_TRADING");
        } else {
            ActiveModels current = models.current();
            if (current.isEmpty()) {
                metrics.countUnscored("NO_MODEL");
            } else {
                if (current.active() != null) {
                    predict(state, tick, key, record, current.active(), false, started, startMicros, timed);
                }
                List<LoadedRelease> shadows = current.shadows();
                for (int i = 0; i < shadows.size(); i++) {
                    predict(state, tick, key, record, shadows.get(i), true, started, startMicros, timed);
                }
            }
        }
        store.put(symbol, state);
    }

    private void predict(SymbolState state, MarketTick tick, byte[] key, Record<byte[], byte[]> record,
                         LoadedRelease release,
                         boolean shadow, long started, long startMicros, boolean timed) {
        Score score = release.scorer().score(vector);
        long endMicros = MicroClock.nowMicros();
        if (timed) {
            metrics.recordScoreNanos(System.nanoTime() - started);
            metrics.scored(startMicros, endMicros);
        }
        Prediction prediction = Prediction.newBuilder()
                .setSymbol(tick.getSymbol())
                .setVenue(tick.getVenue())
                .setTickSequence(tick.getSequence())
                .setExchangeTimeMicros(tick.getExchangeTimeMicros())
                .setIngestTimeMicros(tick.getIngestTimeMicros())
                .setMid(state.features.lastMid())
                .setPredicted(score.predicted())
                .setPDown(score.pDown())
                .setPFlat(score.pFlat())
                .setPUp(score.pUp())
                .setHorizonTicks(release.horizonTicks())
                .setModelId(release.modelId())
                .setModelVersion(release.version())
                .setShadow(shadow)
                .setScoreStartMicros(startMicros)
                .setScoreEndMicros(endMicros)
                .build();
        byte[] encoded = predictions.encode(prediction);
        state.pending.add(new SymbolState.Pending(state.features.accepted() + release.horizonTicks(), prediction,
                encoded, vector[FeatureVector.IMBALANCE]));
        metrics.predicted(score.predicted(), shadow);
        if (!shadow) {
            span.setAttribute(TraceAttributes.MODEL_ID, release.modelId());
            span.setAttribute(TraceAttributes.MODEL_VERSION, (long) release.version());
        }
        forward(key, new ScoredOutput(Topics.PREDICTIONS.name(), encoded, !shadow), record);
    }

    /** Judges every pending prediction whose horizon this tick (already counted in the state) reaches. */
    private void judgeDue(SymbolState state, MarketTick tick, byte[] key, Record<byte[], byte[]> record) {
        long accepted = state.features.accepted();
        double mid = state.features.lastMid();
        Iterator<SymbolState.Pending> pending = state.pending.iterator();
        while (pending.hasNext()) {
            SymbolState.Pending next = pending.next();
            if (next.dueAt() > accepted) {
                continue;
            }
            pending.remove();
            Prediction prediction = next.prediction();
            MoveDirection realized = MoveLabel.between(prediction.getMid(), mid);
            double probability = switch (realized) {
                case DOWN -> prediction.getPDown();
                case FLAT -> prediction.getPFlat();
                case UP -> prediction.getPUp();
            };
            boolean hit = prediction.getPredicted() == realized;
            double logLoss = -Math.log(Math.max(MIN_PROBABILITY, probability));
            // The planted signal decides the very next move only: the optimum is known one tick ahead.
            boolean optimumHit = false;
            double optimumLogLoss = Double.NaN;
            if (optimum != null && prediction.getHorizonTicks() == 1 && !Double.isNaN(next.imbalance())) {
                optimumHit = optimum.mostLikely(next.imbalance()) == realized;
                optimumLogLoss = -Math.log(Math.max(MIN_PROBABILITY, optimum.probability(realized,
                        next.imbalance())));
            }
            metrics.outcome(prediction.getModelId(), prediction.getModelVersion(), prediction.getSymbol(), realized,
                    hit, logLoss, optimumHit, optimumLogLoss);
            forward(key, new ScoredOutput(Topics.PREDICTION_OUTCOMES.name(), outcomes.encode(
                    next.encoded(), mid, realized, tick.getExchangeTimeMicros(), hit, logLoss, optimumHit,
                    optimumLogLoss), false), record);
        }
    }

    private void forward(byte[] key, ScoredOutput output, Record<byte[], byte[]> tick) {
        context.forward(new Record<>(key, output, tick.timestamp(), outputHeaders));
    }

    /**
     * The key of what {@code tick} produces: its symbol's UTF-8 bytes, which the tick's own key already is when its
     * producer keyed it by symbol as the ticks topic's contract says (no decoding or encoding needed then).
     */
    static byte[] keyOf(byte[] tickKey, String symbol) {
        if (tickKey != null && tickKey.length == symbol.length()) {
            boolean same = true;
            for (int i = 0; i < tickKey.length && same; i++) {
                same = tickKey[i] == symbol.charAt(i);
            }
            if (same) {
                return tickKey;
            }
        }
        return symbol.getBytes(StandardCharsets.UTF_8);
    }

    /** The dead letter's headers, carrying the context of the (always sampled) span that records it. */
    private Headers traceDeadLetter(String reason) {
        Headers headers = new RecordHeaders();
        tracing.deadLetter(span, reason, headers);
        return headers;
    }

    private void deadLetter(Record<byte[], byte[]> record, RecordMetadata source, String reason, String message) {
        log.warn("Dead-lettering tick at {}-{}@{} ({}): {}", source == null ? "?" : source.topic(),
                source == null ? -1 : source.partition(), source == null ? -1 : source.offset(), reason, message);
        metrics.deadLetter(reason);
        DeadLetter letter = DeadLetter.newBuilder()
                .setSourceTopic(source == null ? Topics.TICKS.name() : source.topic())
                .setSourcePartition(source == null ? -1 : source.partition())
                .setSourceOffset(source == null ? -1 : source.offset())
                .setReasonCode(reason)
                .setMessage(message)
                .setOriginalKey(record.key() == null ? null : ByteBuffer.wrap(record.key()))
                .setOriginalValue(record.value() == null ? null : ByteBuffer.wrap(record.value()))
                .setService(SERVICE)
                .setFailedAtMicros(MicroClock.nowMicros())
                .build();
        context.forward(new Record<>(record.key(), new ScoredOutput(Topics.DEAD_LETTERS.name(),
                deadLetters.encode(letter), false), record.timestamp(), tracing.enabled() ? traceDeadLetter(reason)
                : null));
    }
}
