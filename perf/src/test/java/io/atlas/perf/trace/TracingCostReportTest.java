package io.atlas.perf.trace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

import java.util.List;

class TracingCostReportTest {

    private final TracingCostReport report = new TracingCostReport(List.of(
            new TracingCostReport.Run("off", 1, 1_000, 5_000, 0, 0),
            new TracingCostReport.Run("1%", 1, 990, 5_000, 2, 2_000),
            new TracingCostReport.Run("100%", 1, 880, 4_000, 40, 900_000),
            new TracingCostReport.Run("off", 2, 1_200, 5_000, 0, 0),
            new TracingCostReport.Run("1%", 2, 1_210, 5_000, 2, 2_000),
            new TracingCostReport.Run("100%", 2, 1_100, 4_000, 40, 900_000)), 100_000, 200);

    @Test
    void shouldSummarizeEachModeAgainstTracingOff() {
        List<TracingCostReport.ModeSummary> summaries = report.summaries();

        assertThat(summaries).extracting(TracingCostReport.ModeSummary::mode).containsExactly("off", "1%", "100%");
        assertThat(summaries.get(0).mean()).isEqualTo(1_100);
        assertThat(summaries.get(0).stdev()).isCloseTo(141.42, within(0.01));
        assertThat(summaries.get(0).costPercent()).isZero();
        assertThat(summaries.get(1).costPercent()).isCloseTo(0.0, within(1e-9));
        assertThat(summaries.get(2).mean()).isEqualTo(990);
        assertThat(summaries.get(2).costPercent()).isCloseTo(10.0, within(1e-9));
        assertThat(summaries.get(2).min()).isEqualTo(880);
        assertThat(summaries.get(2).max()).isEqualTo(1_100);
    }

    @Test
    void shouldWriteEveryRunAndTheSummaryInBothFormats() {
        assertThat(report.markdown()).contains("| 100% | 2 | 990 | 156 | 880 | 1,100 | 10.0% |")
                .contains("| 2 | 1% | 1,210 | 5,000 | 2 | 2,000 |");
        assertThat(report.json()).contains("\"mode\": \"100%\", \"runs\": 2, \"meanTicksPerSecond\": 990.0")
                .contains("\"costPercent\": 10.00").contains("\"repetition\": 2, \"mode\": \"off\"");
    }
}
