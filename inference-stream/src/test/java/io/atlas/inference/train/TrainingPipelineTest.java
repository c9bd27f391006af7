package io.atlas.inference.train;

import static org.assertj.core.api.Assertions.assertThat;

import io.atlas.events.MoveDirection;
import io.atlas.inference.fixtures.SyntheticTicks;
import io.atlas.inference.fixtures.TestModels;

import java.util.List;

import org.junit.jupiter.api.Test;

class TrainingPipelineTest {

    @Test
    void shouldLearnThePlantedSignalCloseToTheBestAchievableAuc() {
        EvaluationReport report = TestModels.trained().report();

        assertThat(report.bestAchievableAuc()).isBetween(0.70, 0.80);
        assertThat(report.aucUpVsDown()).isGreaterThan(report.bestAchievableAuc() - 0.03);
        assertThat(report.logLoss()).isLessThan(report.baselineLogLoss());
        // At k = 2 with half the ticks flat, no move is ever more likely than FLAT: accuracy cannot beat the prior.
        assertThat(report.accuracy()).isGreaterThan(report.baselineAccuracy() - 0.03);
    }

    @Test
    void shouldFindNothingWhenThereIsNoSignal() {
        SyntheticTicks ticks = new SyntheticTicks(11, List.of("AAA", "BBB"), 0.0, 0.5);

        EvaluationReport report = new TrainingPipeline(1, 0.3, 1, 1, 0.0)
                .run(ticks.take(10_000), symbol -> SyntheticTicks.TICK_SIZE, "no signal").report();

        assertThat(report.bestAchievableAuc()).isEqualTo(0.5);
        assertThat(report.aucUpVsDown()).isBetween(0.45, 0.55);
    }

    @Test
    void shouldLabelEachTickWithTheMoveOfItsOwnSymbolOverTheHorizon() {
        SyntheticTicks ticks = new SyntheticTicks(3, List.of("AAA", "BBB"), 2.0, 0.5);
        List<io.atlas.events.MarketTick> input = ticks.take(500);
        LabeledRows rows = new LabeledRows(3, symbol -> SyntheticTicks.TICK_SIZE);
        input.forEach(rows::add);

        // Each symbol's last 3 ticks have no label yet.
        assertThat(rows.rows()).hasSize(500 - 6);
        LabeledRow first = rows.rows().get(0);
        List<io.atlas.events.MarketTick> sameSymbol = input.stream()
                .filter(tick -> tick.getSymbol().equals(first.symbol())).toList();
        double midBefore = (sameSymbol.get(0).getBid() + sameSymbol.get(0).getAsk()) / 2;
        double midAfter = (sameSymbol.get(3).getBid() + sameSymbol.get(3).getAsk()) / 2;
        MoveDirection expected = midAfter > midBefore + 1e-9 ? MoveDirection.UP
                : midAfter < midBefore - 1e-9 ? MoveDirection.DOWN : MoveDirection.FLAT;
        assertThat(first.label()).isEqualTo(expected);
    }
}
