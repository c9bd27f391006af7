package io.atlas.schemas;

import io.atlas.events.DeadLetter;
import io.atlas.events.Instrument;
import io.atlas.events.MarketTick;
import io.atlas.events.ModelRelease;
import io.atlas.events.MoveDirection;
import io.atlas.events.Prediction;
import io.atlas.events.PredictionOutcome;
import io.atlas.events.ReleaseStatus;
import io.atlas.events.Side;
import io.atlas.events.TradingStatus;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;

/** Builds one fully populated record of every contract type, for tests in any package. */
public final class SampleEvents {

    private static final long T0 = 1_767_225_600_000_000L;

    private SampleEvents() {
    }

    public static MarketTick marketTick() {
        return MarketTick.newBuilder()
                .setSymbol("AAPL").setVenue("XNAS").setSequence(42)
                .setExchangeTimeMicros(T0).setIngestTimeMicros(T0 + 350)
                .setBid(189.51).setAsk(189.53).setLast(189.52)
                .setBidSize(300).setAskSize(500).setLastSize(100)
                .setAggressor(Side.BUY)
                .build();
    }

    public static Instrument instrument() {
        return Instrument.newBuilder()
                .setSymbol("AAPL").setVenue("XNAS").setTickSize(0.01).setCurrency("USD")
                .setStatus(TradingStatus.HALTED).setLotSize(1).setDescription("Apple Inc.")
                .setUpdatedAtMicros(T0)
                .build();
    }

    public static ModelRelease modelRelease() {
        return ModelRelease.newBuilder()
                .setModelId("tick-direction").setVersion(3).setAlgorithm("logistic-sgd")
                .setFeatures(List.of("spread", "imbalance", "return1"))
                .setHorizonTicks(10)
                .setModel(ByteBuffer.wrap(new byte[] {0, 1, 2, (byte) 0xff}))
                .setDigest("054edec1d0211f624fed0cbca9d4f9400b0e491c43742af2c5b0abebf0c990d8")
                .setLocation("s3://atlas-models/tick-direction/3")
                .setStatus(ReleaseStatus.SHADOW)
                .setCreatedAtMicros(T0)
                .setMetrics(Map.of("auc", 0.61, "accuracy", 0.47))
                .build();
    }

    public static Prediction prediction() {
        return Prediction.newBuilder()
                .setSymbol("AAPL").setVenue("XNAS").setTickSequence(42)
                .setExchangeTimeMicros(T0).setIngestTimeMicros(T0 + 350)
                .setMid(189.52).setPredicted(MoveDirection.UP)
                .setPDown(0.2).setPFlat(0.3).setPUp(0.5)
                .setHorizonTicks(10).setModelId("tick-direction").setModelVersion(3).setShadow(true)
                .setScoreStartMicros(T0 + 400).setScoreEndMicros(T0 + 420)
                .build();
    }

    public static PredictionOutcome predictionOutcome() {
        return PredictionOutcome.newBuilder()
                .setPrediction(prediction())
                .setOutcomeMid(189.55).setRealized(MoveDirection.UP)
                .setOutcomeExchangeTimeMicros(T0 + 2_000_000).setHit(true).setLogLoss(0.6931)
                .setOptimumHit(false).setOptimumLogLoss(1.0)
                .build();
    }

    public static DeadLetter deadLetter() {
        return DeadLetter.newBuilder()
                .setSourceTopic("atlas.ticks.raw").setSourcePartition(7).setSourceOffset(1234)
                .setReasonCode("BID_ABOVE_ASK").setMessage("bid 190.0 is above ask 189.0")
                .setOriginalKey(ByteBuffer.wrap("AAPL".getBytes(StandardCharsets.UTF_8)))
                .setOriginalValue(ByteBuffer.wrap("{\"symbol\":\"AAPL\"}".getBytes(StandardCharsets.UTF_8)))
                .setService("ingest-bridge").setFailedAtMicros(T0)
                .build();
    }

    /** One sample of every contract record type. */
    public static List<SpecificRecord> all() {
        return List.of(marketTick(), instrument(), modelRelease(), prediction(), predictionOutcome(), deadLetter());
    }
}
