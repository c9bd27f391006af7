package io.atlas.perf.bench;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class RolloutReportTest {

    @Test
    void shouldTakeEveryInstanceServingAChangeFromTheLastInstanceToSwap() {
        RolloutReport report = report(List.of(change(1, 10, 40, 25, 120), change(2, 12, 30, 90, 150)));

        // HdrHistogram keeps three significant digits: a value reads back as the top of its bucket.
        assertThat(report.everyInstance().count()).isEqualTo(2);
        assertThat(report.everyInstance().maxMs()).isCloseTo(90, within(0.1));
        assertThat(report.everyInstance().p50Ms()).isCloseTo(40, within(0.1));
        assertThat(report.instance(0).maxMs()).isCloseTo(40, within(0.1));
        assertThat(report.webSocket().maxMs()).isCloseTo(150, within(0.1));
        assertThat(report.goalMet()).isTrue();
    }

    @Test
    void shouldMissTheGoalWhenTheP99ToEveryInstanceIsAbove100Ms() {
        assertThat(report(List.of(change(1, 10, 40, 101, 120))).goalMet()).isFalse();
    }

    @Test
    void shouldWriteEachChangeAndTheDistributionsToJsonAndMarkdown() {
        RolloutReport report = report(List.of(change(1, 10, 40, 25, 120)));

        assertThat(report.json()).contains("\"commitToEveryInstance\"", "\"commitToFirstWebSocketFrame\"",
                "\"commitToInstance.scorer-b\"", "\"instanceMs\": [40.000, 25.000]", "\"met\": true");
        assertThat(report.markdown()).contains("| every scorer instance serving it | 1 | 40.0 | 40.0 | 40.0 |",
                "| 1 | v2 | 10.0 | 40.0 | 25.0 | 120.0 |", "1.90 cores busy; kafka 0.25, other programs (the "
                        + "embedded PostgreSQL among them) 0.30.");
    }

    private static RolloutReport.Change change(int index, double cdc, double a, double b, double ws) {
        return new RolloutReport.Change(index, index % 2 == 1 ? 2 : 1, 1_000L * index, cdc, List.of(a, b), ws);
    }

    private static RolloutReport report(List<RolloutReport.Change> changes) {
        return new RolloutReport(Instant.EPOCH, Instant.EPOCH, Map.of("cores", "2"), Map.of("changes", "test"),
                "0.1", "0.2", List.of("scorer-a", "scorer-b"), changes, new RolloutReport.Cpu(40, 1.9, 0.3,
                        List.of(new ProcessUsage("kafka", 1, 10, 0.25, 1000, 2000, null))));
    }
}
