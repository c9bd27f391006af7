package io.atlas.inference.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.atlas.events.MoveDirection;

import org.junit.jupiter.api.Test;

class PlantedSignalTest {

    @Test
    void shouldGiveEachMoveItsProbabilityOneTickAhead() {
        PlantedSignal signal = new PlantedSignal(2.0, 0.5);

        assertThat(signal.probability(MoveDirection.FLAT, 0.3)).isEqualTo(0.5);
        assertThat(signal.probability(MoveDirection.UP, 0.3)).isCloseTo(0.5 / (1 + Math.exp(-0.6)), within(1e-15));
        assertThat(signal.probability(MoveDirection.DOWN, 0.3)).isCloseTo(0.5 / (1 + Math.exp(0.6)), within(1e-15));
        double total = 0;
        for (MoveDirection direction : MoveDirection.values()) {
            total += signal.probability(direction, -0.7);
        }
        assertThat(total).isCloseTo(1.0, within(1e-15));
    }

    @Test
    void shouldPredictFlatWheneverAMoveIsAtMostEvenOdds() {
        PlantedSignal signal = new PlantedSignal(8.0, 0.5);

        assertThat(signal.mostLikely(1.0)).isEqualTo(MoveDirection.FLAT);
        assertThat(signal.mostLikely(-1.0)).isEqualTo(MoveDirection.FLAT);
    }

    @Test
    void shouldPredictTheMoveOnceItIsLikelierThanFlat() {
        // m = 0.6: FLAT 0.4 against 0.6 * sigma(k|I|), which passes 0.4 at k|I| = ln 2.
        PlantedSignal signal = new PlantedSignal(1.0, 0.6);

        assertThat(signal.mostLikely(0.69)).isEqualTo(MoveDirection.FLAT);
        assertThat(signal.mostLikely(0.70)).isEqualTo(MoveDirection.UP);
        assertThat(signal.mostLikely(-0.70)).isEqualTo(MoveDirection.DOWN);
    }

    @Test
    void shouldFollowTheImbalanceWhenMovesAreLikelierThanFlatAlways() {
        PlantedSignal signal = new PlantedSignal(2.0, 0.8);

        assertThat(signal.mostLikely(0.01)).isEqualTo(MoveDirection.UP);
        assertThat(signal.mostLikely(-0.01)).isEqualTo(MoveDirection.DOWN);
        assertThat(signal.mostLikely(0.0)).as("ties between the moves go UP").isEqualTo(MoveDirection.UP);
    }

    @Test
    void shouldRefuseParametersOutsideTheSimulatorsRange() {
        assertThatThrownBy(() -> new PlantedSignal(-1, 0.5)).hasMessageContaining("signal strength");
        assertThatThrownBy(() -> new PlantedSignal(Double.NaN, 0.5)).hasMessageContaining("signal strength");
        assertThatThrownBy(() -> new PlantedSignal(2, 0)).hasMessageContaining("move probability");
        assertThatThrownBy(() -> new PlantedSignal(2, 1.01)).hasMessageContaining("move probability");
    }
}
