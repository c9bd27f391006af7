package io.atlas.inference.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.atlas.events.MarketTick;
import io.atlas.events.Prediction;
import io.atlas.inference.features.FeatureExtractor;
import io.atlas.inference.features.FeatureVector;
import io.atlas.inference.fixtures.SyntheticTicks;
import io.atlas.schemas.SampleEvents;
import io.atlas.schemas.serde.ContractSerdes;

import org.apache.kafka.common.errors.SerializationException;

import java.util.List;

import org.junit.jupiter.api.Test;

class SymbolStateSerdeTest {

    private final SymbolStateSerde serde = new SymbolStateSerde();

    @Test
    void shouldRoundTripFeaturesAndPendingPredictions() {
        SymbolState state = new SymbolState();
        double[] out = new double[FeatureVector.SIZE];
        for (MarketTick tick : new SyntheticTicks(4, List.of("AAA"), 2.0, 0.5).take(30)) {
            FeatureExtractor.update(state.features, tick, SyntheticTicks.TICK_SIZE, out);
        }
        Prediction live = SampleEvents.prediction();
        Prediction shadow = Prediction.newBuilder(live).setShadow(true).setModelVersion(9).build();
        state.pending.add(new SymbolState.Pending(31, live, ContractSerdes.prediction().encode(live), 0.25));
        state.pending.add(new SymbolState.Pending(33, shadow, ContractSerdes.prediction().encode(shadow)));

        SymbolState copy = serde.deserializer().deserialize("changelog",
                serde.serializer().serialize("changelog", state));

        assertThat(copy.features).isEqualTo(state.features);
        assertThat(copy.pending).containsExactlyElementsOf(state.pending);
        assertThat(copy.pending.get(1).encoded()).isEqualTo(state.pending.get(1).encoded());
        assertThat(copy.pending.get(0).imbalance()).as("not stored: judged without the optimum").isNaN();
    }

    @Test
    void shouldRefuseBytesOfAnotherFormat() {
        assertThatThrownBy(() -> serde.deserializer().deserialize("changelog", new byte[] {9, 0, 0}))
                .isInstanceOf(SerializationException.class).hasMessageContaining("changelog");
    }
}
