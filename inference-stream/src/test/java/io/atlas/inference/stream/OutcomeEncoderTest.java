package io.atlas.inference.stream;

import static org.assertj.core.api.Assertions.assertThat;

import io.atlas.events.MoveDirection;
import io.atlas.events.Prediction;
import io.atlas.events.PredictionOutcome;
import io.atlas.schemas.SampleEvents;
import io.atlas.schemas.serde.AvroSerde;
import io.atlas.schemas.serde.ContractSerdes;

import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

class OutcomeEncoderTest {

    private final AvroSerde<Prediction> predictions = ContractSerdes.prediction();
    private final AvroSerde<PredictionOutcome> outcomes = ContractSerdes.predictionOutcome();
    private final OutcomeEncoder encoder = new OutcomeEncoder();

    @Test
    void shouldWriteExactlyWhatAvroWritesForTheSameOutcome() {
        SplittableRandom random = new SplittableRandom(7);
        for (int i = 0; i < 200; i++) {
            Prediction prediction = Prediction.newBuilder(SampleEvents.prediction())
                    .setSymbol("S" + random.nextInt(10_000)).setTickSequence(random.nextLong(1, Long.MAX_VALUE))
                    .setModelVersion(random.nextInt(1, 1000)).setShadow(random.nextBoolean())
                    .setPUp(random.nextDouble()).setMid(random.nextDouble(1, 1e6)).build();
            MoveDirection realized = MoveDirection.values()[random.nextInt(MoveDirection.values().length)];
            PredictionOutcome outcome = PredictionOutcome.newBuilder().setPrediction(prediction)
                    .setOutcomeMid(random.nextDouble(1, 1e6)).setRealized(realized)
                    .setOutcomeExchangeTimeMicros(random.nextLong(0, Long.MAX_VALUE)).setHit(random.nextBoolean())
                    .setLogLoss(random.nextDouble(0, 30)).build();
            // Half with the known optimum, half without (both fields null).
            boolean optimumKnown = random.nextBoolean();
            if (optimumKnown) {
                outcome.setOptimumHit(random.nextBoolean());
                outcome.setOptimumLogLoss(random.nextDouble(0, 30));
            }

            byte[] written = encoder.encode(predictions.encode(prediction), outcome.getOutcomeMid(), realized,
                    outcome.getOutcomeExchangeTimeMicros(), outcome.getHit(), outcome.getLogLoss(),
                    optimumKnown && outcome.getOptimumHit(), optimumKnown ? outcome.getOptimumLogLoss() : Double.NaN);

            assertThat(written).isEqualTo(outcomes.encode(outcome));
            assertThat(outcomes.decode("atlas.prediction-outcomes", 0, i, written)).isEqualTo(outcome);
        }
    }
}
