package io.atlas.perf.bench;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class ReportWriterTest {

    private static final BenchReport REPORT = new BenchReport(Instant.parse("2026-11-28T02:45:00Z"),
            Instant.parse("2026-11-28T02:47:00Z"),
            Map.of("cores", "2", "memory", "8048000 kB", "java.version", "17.0.99", "os", "Linux \"test\""),
            Map.of("rates", "[5000]", "window", "PT20S"),
            new ProducerBaseline(300_000, 160_428.5, 13.62, 101.25, 420, 80, 300, 393, 410),
            186_779.25,
            List.of(new PhaseResult(BenchReport.COPY_LOOP, 5000, 5003.5, 20.0, new Latency(100_070, 10.2, 20.5,
                            53.3, 110.9, 117.6), List.of(new ProcessUsage("kafka", 11, 9.5, 512_000, 600_000))),
                    new PhaseResult(BenchReport.PIPELINE, 5000, 4990.25, 20.0, new Latency(99_805, 40.7, 80.2,
                            159.9, 300.1, 350.5), List.of(new ProcessUsage("inference-stream", 12, 21.25, 400_000,
                            420_000)))),
            "0.50 0.40 0.30 1/200 100", "2.10 1.00 0.60 2/210 200");

    @Test
    void shouldWriteEveryFigureToResultsJson(@TempDir Path folder) throws Exception {
        ReportWriter.write(REPORT, folder);

        String json = Files.readString(folder.resolve(ReportWriter.JSON_FILE));
        assertThat(json).contains("\"cores\": \"2\"", "\"java.version\": \"17.0.99\"", "\"os\": \"Linux \\\"test\\\"\"",
                "\"recordsPerSecond\": 160428.500", "\"copyLoopDrainPerSecond\": 186779.250",
                "\"stage\": \"copy-loop\"", "\"achievedPerSecond\": 5003.500", "\"p99Ms\": 53.300",
                "\"stage\": \"pipeline\"", "\"achievedPerSecond\": 4990.250", "\"p999Ms\": 300.100",
                "\"maxMs\": 350.500", "\"name\": \"inference-stream\"", "\"cpuSeconds\": 21.250",
                "\"rssKb\": 400000", "\"before\": \"0.50 0.40 0.30 1/200 100\"",
                "\"throughputPipelineOverCopyLoop\": 0.997", "\"p99PipelineOverCopyLoop\": 3.000");
        assertThat(json.chars().filter(c -> c == '{').count()).isEqualTo(json.chars().filter(c -> c == '}').count());
        assertThat(json.chars().filter(c -> c == '[').count()).isEqualTo(json.chars().filter(c -> c == ']').count());
    }

    @Test
    void shouldWriteTablesToSummaryMarkdown(@TempDir Path folder) throws Exception {
        ReportWriter.write(REPORT, folder);

        String markdown = Files.readString(folder.resolve(ReportWriter.MARKDOWN_FILE));
        assertThat(markdown).contains("2 cores, 8048000 kB, Java 17.0.99",
                "| ProducerPerformance records/s (300000 records) | 160429 |",
                "| copy loop drain records/s | 186779 |",
                "| copy-loop | 5000 | 5004 | 10.2 | 20.5 | 53.3 | 110.9 | 117.6 | 100070 |",
                "| pipeline | 5000 | 4990 | 40.7 | 80.2 | 159.9 | 300.1 | 350.5 | 99805 |",
                "| 5000 | 1.00 | 3.0 |",
                "| pipeline | 5000 | inference-stream | 21.25 | 391 | 410 |",
                "| window | `PT20S` |");
    }

    @Test
    void shouldLeaveRatiosOutWhenOnlyOneStageRan() {
        BenchReport pipelineOnly = new BenchReport(REPORT.started(), REPORT.finished(), REPORT.machine(),
                REPORT.settings(), REPORT.producer(), REPORT.copyDrainPerSecond(), REPORT.phases().subList(1, 2),
                REPORT.loadBefore(), REPORT.loadAfter());

        assertThat(pipelineOnly.throughputRatio(5000)).isEmpty();
        assertThat(ReportWriter.markdown(pipelineOnly)).contains("| 5000 | - | - |");
    }

    @Test
    void shouldParseProducerPerformanceSummaryLine() {
        ProducerBaseline parsed = ProducerBaseline.parse("""
                150000 records sent, 29988.0 records/sec (2.55 MB/sec), 50.1 ms avg latency, 300.0 ms max latency.
                300000 records sent, 160428.9 records/sec (13.62 MB/sec), 101.25 ms avg latency, 420.00 ms max \
                latency, 80 ms 50th, 300 ms 95th, 393 ms 99th, 410 ms 99.9th.
                """);

        assertThat(parsed).isEqualTo(new ProducerBaseline(300_000, 160_428.9, 13.62, 101.25, 420, 80, 300, 393, 410));
    }
}
