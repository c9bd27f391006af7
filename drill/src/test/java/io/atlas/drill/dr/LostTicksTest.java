package io.atlas.drill.dr;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** The failover's RPO from the ticks the DR cluster never got, simulated and raw alike. */
class LostTicksTest {

    private static final long LOSS = 1_800_000_000_000_000L;

    @Test
    void shouldTakeTheWindowFromTheOldestAcknowledgedRawTickWhenNoSimulatedTickWasLost() {
        LostTicks lost = new LostTicks();

        lost.raw(2_179, LOSS - 10_900_000);

        assertThat(lost.count()).isEqualTo(2_179);
        assertThat(lost.windowSeconds(LOSS)).isCloseTo(10.9, within(1e-9));
    }

    @Test
    void shouldTakeTheWindowFromTheOldestLostTickOfEitherKind() {
        LostTicks olderSimulated = new LostTicks();
        olderSimulated.simulated(LOSS - 3_000_000);
        olderSimulated.simulated(LOSS - 4_000_000);
        olderSimulated.raw(5, LOSS - 2_000_000);

        LostTicks olderRaw = new LostTicks();
        olderRaw.simulated(LOSS - 3_000_000);
        olderRaw.raw(5, LOSS - 6_500_000);

        assertThat(olderSimulated.count()).isEqualTo(7);
        assertThat(olderSimulated.windowSeconds(LOSS)).isCloseTo(4.0, within(1e-9));
        assertThat(olderRaw.windowSeconds(LOSS)).isCloseTo(6.5, within(1e-9));
    }

    @Test
    void shouldLoseNoWindowWhenNothingWasLost() {
        LostTicks lost = new LostTicks();

        lost.raw(0, 0);

        assertThat(lost.count()).isZero();
        assertThat(lost.windowSeconds(LOSS)).isZero();
    }

    @Test
    void shouldNotCountRawTicksWrittenToTheDrClusterAfterTheLossAsAWindow() {
        LostTicks lost = new LostTicks();

        lost.raw(3, LOSS + 20_000_000);

        assertThat(lost.count()).isEqualTo(3);
        assertThat(lost.windowSeconds(LOSS)).isZero();
    }
}
