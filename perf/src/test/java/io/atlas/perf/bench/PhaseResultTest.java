package io.atlas.perf.bench;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class PhaseResultTest {

    @Test
    void shouldCountAStepThatDeliversTheOfferedRateWithSteadyLagAsSustained() {
        assertThat(PhaseResult.keptUp(true, 10_000, 10_020, 9_980, new PhaseResult.Lag(4_000, 1_200, 1_500))).isTrue();
    }

    @Test
    void shouldNotCountAStepBelowNinetyFivePercentOfOffered() {
        assertThat(PhaseResult.keptUp(true, 10_000, 10_000, 9_400, new PhaseResult.Lag(0, 0, 0))).isFalse();
    }

    @Test
    void shouldNotCountAStepWhoseLagGrewByASecondOfInput() {
        assertThat(PhaseResult.keptUp(true, 10_000, 10_000, 9_900, new PhaseResult.Lag(12_000, 1_000, 11_000)))
                .isFalse();
    }

    @Test
    void shouldJudgeAFlatOutStepAgainstWhatTheSourceWrote() {
        assertThat(PhaseResult.keptUp(true, 0, 80_000, 78_000, new PhaseResult.Lag(5_000, 2_000, 3_000))).isTrue();
        assertThat(PhaseResult.keptUp(true, 0, 80_000, 40_000, new PhaseResult.Lag(900_000, 2_000, 900_000))).isFalse();
    }

    @Test
    void shouldNotCountAStepMeasuredWhileABacklogStillDrainedAsSustained() {
        assertThat(PhaseResult.keptUp(false, 20_000, 20_000, 31_000, new PhaseResult.Lag(130_000, 90_000, 38_000)))
                .isFalse();
    }

    @Test
    void shouldNotCountAStepWithNoInputAsSustained() {
        assertThat(PhaseResult.keptUp(true, 0, 0, 0, new PhaseResult.Lag(0, 0, 0))).isFalse();
    }
}
