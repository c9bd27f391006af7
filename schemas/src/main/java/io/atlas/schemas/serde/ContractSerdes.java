package io.atlas.schemas.serde;

import io.atlas.events.DeadLetter;
import io.atlas.events.Instrument;
import io.atlas.events.MarketTick;
import io.atlas.events.ModelRelease;
import io.atlas.events.Prediction;
import io.atlas.events.PredictionOutcome;
import java.util.List;

/** Holds one shared, thread-safe {@link AvroSerde} per Atlas event record type. */
public final class ContractSerdes {

    private static final AvroSerde<MarketTick> MARKET_TICK = AvroSerde.of(MarketTick.class);
    private static final AvroSerde<Instrument> INSTRUMENT = AvroSerde.of(Instrument.class);
    private static final AvroSerde<ModelRelease> MODEL_RELEASE = AvroSerde.of(ModelRelease.class);
    private static final AvroSerde<Prediction> PREDICTION = AvroSerde.of(Prediction.class);
    private static final AvroSerde<PredictionOutcome> PREDICTION_OUTCOME = AvroSerde.of(PredictionOutcome.class);
    private static final AvroSerde<DeadLetter> DEAD_LETTER = AvroSerde.of(DeadLetter.class);

    private ContractSerdes() {
    }

    public static AvroSerde<MarketTick> marketTick() {
        return MARKET_TICK;
    }

    public static AvroSerde<Instrument> instrument() {
        return INSTRUMENT;
    }

    public static AvroSerde<ModelRelease> modelRelease() {
        return MODEL_RELEASE;
    }

    public static AvroSerde<Prediction> prediction() {
        return PREDICTION;
    }

    public static AvroSerde<PredictionOutcome> predictionOutcome() {
        return PREDICTION_OUTCOME;
    }

    public static AvroSerde<DeadLetter> deadLetter() {
        return DEAD_LETTER;
    }

    /** Every contract serde, one per event record type: the list the evolution gate and tests walk. */
    public static List<AvroSerde<?>> all() {
        return List.of(MARKET_TICK, INSTRUMENT, MODEL_RELEASE, PREDICTION, PREDICTION_OUTCOME, DEAD_LETTER);
    }
}
