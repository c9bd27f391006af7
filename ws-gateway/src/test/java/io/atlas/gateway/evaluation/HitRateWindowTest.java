package io.atlas.gateway.evaluation;

import io.atlas.events.MoveDirection;
import io.atlas.gateway.protocol.ModelKind;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;
import static org.assertj.core.api.Assertions.within;

class HitRateWindowTest {

    /** 2026-01-01T00:00Z, the start of a bucket. */
    private static final long T0 = 1_767_225_600_000L;
    private static final ModelVersion ACTIVE_3 = new ModelVersion("gbm", 3, ModelKind.ACTIVE);
    private static final ModelVersion SHADOW_3 = new ModelVersion("gbm", 3, ModelKind.SHADOW);
    private static final ModelVersion ACTIVE_4 = new ModelVersion("gbm", 4, ModelKind.ACTIVE);
    private static final ModelVersion SHADOW_5 = new ModelVersion("gbm", 5, ModelKind.SHADOW);

    private final AtomicLong clock = new AtomicLong(T0);
    private final HitRateWindow window = new HitRateWindow(clock::get);

    private void advance(Duration by) {
        clock.addAndGet(by.toMillis());
    }

    /** An outcome of {@code version} whose mid moved UP, with no known optimum. */
    private void judge(ModelVersion version, boolean hit, double logLoss, long judgedAtMillis) {
        window.judged(version, MoveDirection.UP, hit, logLoss, null, null, judgedAtMillis);
    }

    private HitRateWindow.VersionHitRate only() {
        assertThat(window.window()).hasSize(1);
        return window.window().get(0);
    }

    @Test
    void shouldCountHitsJudgedAndMeanLogLossOfAVersion() {
        judge(ACTIVE_3, true, 0.5, T0);
        judge(ACTIVE_3, true, 0.75, T0 + 1_000);
        judge(ACTIVE_3, false, 1.6, T0 + 2_000);

        HitRateWindow.VersionHitRate rate = only();
        assertThat(rate.version()).isEqualTo(ACTIVE_3);
        assertThat(rate.judged()).isEqualTo(3);
        assertThat(rate.hits()).isEqualTo(2);
        assertThat(rate.hitRate()).isCloseTo(2 / 3.0, within(1e-12));
        assertThat(rate.meanLogLoss()).isCloseTo(0.95, within(1e-12));
    }

    @Test
    void shouldKeepTheActiveAndShadowRunsOfAVersionApart() {
        judge(ACTIVE_3, true, 0.5, T0);
        judge(SHADOW_3, false, 2.0, T0);
        judge(SHADOW_3, false, 1.0, T0);

        assertThat(window.window()).extracting(HitRateWindow.VersionHitRate::version,
                        HitRateWindow.VersionHitRate::judged, HitRateWindow.VersionHitRate::hits)
                .containsExactly(tuple(ACTIVE_3, 1L, 1L), tuple(SHADOW_3, 2L, 0L));
    }

    @Test
    void shouldListActiveVersionsFirstThenTheNewestVersion() {
        judge(SHADOW_3, true, 0.5, T0);
        judge(ACTIVE_3, true, 0.5, T0);
        judge(SHADOW_5, true, 0.5, T0);
        judge(ACTIVE_4, true, 0.5, T0);

        assertThat(window.window()).extracting(HitRateWindow.VersionHitRate::version)
                .containsExactly(ACTIVE_4, ACTIVE_3, SHADOW_5, SHADOW_3);
    }

    @Test
    void shouldForgetOutcomesOnceTheirBucketLeavesTheWindow() {
        judge(ACTIVE_3, true, 0.5, T0);
        advance(Duration.ofMinutes(1));
        judge(ACTIVE_3, false, 1.5, clock.get());

        advance(HitRateWindow.WINDOW.minusMinutes(1).minusMillis(1));
        assertThat(only().judged()).isEqualTo(2);
        advance(Duration.ofMillis(1));
        assertThat(only().judged()).isEqualTo(1);
        assertThat(only().hits()).isZero();
        assertThat(only().meanLogLoss()).isEqualTo(1.5);
    }

    @Test
    void shouldDropAVersionWithNothingLeftInTheWindow() {
        judge(ACTIVE_3, true, 0.5, T0);
        advance(Duration.ofMinutes(1));
        judge(ACTIVE_4, true, 0.5, clock.get());

        advance(HitRateWindow.WINDOW.minusMinutes(1));

        assertThat(window.window()).extracting(HitRateWindow.VersionHitRate::version).containsExactly(ACTIVE_4);
        advance(Duration.ofMinutes(1));
        assertThat(window.window()).isEmpty();
    }

    @Test
    void shouldIgnoreAnOutcomeJudgedBeforeTheWindow() {
        advance(Duration.ofHours(1));

        judge(ACTIVE_3, true, 0.5, clock.get() - HitRateWindow.WINDOW.toMillis());

        assertThat(window.window()).isEmpty();
    }

    @Test
    void shouldCountAnOutcomeStampedAheadOfTheClockAsJudgedNow() {
        judge(ACTIVE_3, true, 0.5, T0 + Duration.ofHours(1).toMillis());
        assertThat(only().judged()).isEqualTo(1);

        advance(HitRateWindow.WINDOW);

        assertThat(window.window()).isEmpty();
    }

    @Test
    void shouldGiveThePriorOfTheRealizedMoves() {
        window.judged(ACTIVE_3, MoveDirection.UP, true, 0.5, null, null, T0);
        window.judged(ACTIVE_3, MoveDirection.UP, false, 0.5, null, null, T0);
        window.judged(ACTIVE_3, MoveDirection.FLAT, false, 0.5, null, null, T0);
        window.judged(ACTIVE_3, MoveDirection.DOWN, false, 0.5, null, null, T0 + 1_000);

        HitRateWindow.Prior prior = only().prior();
        assertThat(prior.hitRate()).isEqualTo(0.5);
        assertThat(prior.logLoss()).isCloseTo(-(0.5 * Math.log(0.5) + 2 * 0.25 * Math.log(0.25)), within(1e-12));
        assertThat(only().optimum()).as("no outcome carried it").isNull();
    }

    @Test
    void shouldGiveAPriorOfNoLossWhenOnlyOneMoveHappened() {
        judge(ACTIVE_3, false, 0.5, T0);
        judge(ACTIVE_3, false, 0.5, T0);

        assertThat(only().prior()).isEqualTo(new HitRateWindow.Prior(1.0, 0.0));
    }

    @Test
    void shouldAverageTheOptimumOverTheOutcomesThatCarryIt() {
        window.judged(ACTIVE_3, MoveDirection.UP, true, 0.5, true, 0.4, T0);
        window.judged(ACTIVE_3, MoveDirection.DOWN, false, 1.5, false, 1.0, T0);
        window.judged(ACTIVE_3, MoveDirection.DOWN, false, 1.5, null, null, T0);

        HitRateWindow.Optimum optimum = only().optimum();
        assertThat(optimum.judged()).isEqualTo(2);
        assertThat(optimum.hits()).isEqualTo(1);
        assertThat(optimum.hitRate()).isEqualTo(0.5);
        assertThat(optimum.meanLogLoss()).isCloseTo(0.7, within(1e-12));
        assertThat(only().judged()).isEqualTo(3);
    }

    @Test
    void shouldForgetThePriorAndOptimumWithTheirBucket() {
        window.judged(ACTIVE_3, MoveDirection.DOWN, true, 0.5, true, 0.4, T0);
        advance(Duration.ofMinutes(1));
        judge(ACTIVE_3, true, 0.5, clock.get());

        advance(HitRateWindow.WINDOW.minusMinutes(1));

        assertThat(only().prior()).isEqualTo(new HitRateWindow.Prior(1.0, 0.0));
        assertThat(only().optimum()).isNull();
    }

    @Test
    void shouldRefuseAnOptimumWithOnlyOneOfItsFigures() {
        assertThatThrownBy(() -> window.judged(ACTIVE_3, MoveDirection.UP, true, 0.5, true, null, T0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("optimum");
        assertThatThrownBy(() -> window.judged(ACTIVE_3, MoveDirection.UP, true, 0.5, true, Double.NaN, T0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("NaN");

        assertThat(window.window()).isEmpty();
    }

    @Test
    void shouldRefuseALogLossThatIsNotANumber() {
        assertThatThrownBy(() -> judge(ACTIVE_3, true, Double.NaN, T0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("NaN");

        assertThat(window.window()).isEmpty();
    }
}
