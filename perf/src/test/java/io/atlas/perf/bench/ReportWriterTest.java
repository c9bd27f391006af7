package io.atlas.perf.bench;

import io.atlas.perf.micro.MicroResult;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class ReportWriterTest {

    private static final String EOS = BenchReport.EXACTLY_ONCE_V2;
    private static final String ALOS = BenchReport.AT_LEAST_ONCE;
    private static final PhaseResult.Lag STEADY_LAG = new PhaseResult.Lag(3_000, 1_000, 1_200);

    private static Latency latency(long count, double p50, double p99) {
        return new Latency(count, p50, p50 * 1.5, p99, p99 * 1.2, p99 * 1.5,
                List.of(new Latency.Point(0.0, p50 / 2), new Latency.Point(50.0, p50), new Latency.Point(99.0, p99)));
    }

    private static List<ProcessUsage> processes(double scorerCores) {
        return List.of(new ProcessUsage("kafka", 11, 9.5, 0.32, 512_000, 600_000, null),
                new ProcessUsage("inference-stream-" + EOS, 12, scorerCores * 30, scorerCores, 400_000, 420_000,
                        new GcPauses(4, 12.5, 6.25)));
    }

    private static DrainResult drain(String stage, String guarantee, int threads, double perSecond,
                                     double perCpuSecond, boolean warm) {
        return new DrainResult(stage, guarantee, threads, 8_000_000, 14.5, warm, 30, (long) (perSecond * 30),
                perSecond, perSecond * 30 / perCpuSecond, perCpuSecond, warm ? 0.004 : 0.2, 0.05, processes(0.9));
    }

    private static final BenchReport REPORT = new BenchReport(Instant.parse("2026-11-28T02:45:00Z"),
            Instant.parse("2026-11-28T02:47:00Z"),
            Map.of("cores", "2", "cpu", "Test CPU @ 2.0GHz", "memory", "8048000 kB", "java.version", "17.0.99", "os",
                    "Linux \"test\"", "atlas.commit", "0123456789ab"),
            Map.of("rates", "[10000]", "window", "PT30S"),
            new ProducerBaseline(300_000, 160_428.5, 13.62, 101.25, 420, 80, 300, 393, 410),
            new ConsumerBaseline(300_000, 303_030.25, 25.72, 3010),
            List.of(drain(BenchReport.COPY_LOOP, BenchReport.NO_GUARANTEE, 1, 100_000, 250_000, true),
                    drain(BenchReport.STREAMS_PASSTHROUGH, EOS, 1, 73_000, 140_000, true),
                    drain(BenchReport.INFERENCE_STREAM, EOS, 1, 58_400, 84_000, true),
                    drain(BenchReport.STREAMS_PASSTHROUGH, ALOS, 2, 80_000, 150_000, true),
                    drain(BenchReport.INFERENCE_STREAM, ALOS, 2, 40_000, 60_000, false)),
            List.of(new PhaseResult(BenchReport.COPY_LOOP, BenchReport.NO_GUARANTEE, 10_000, 10_001, 10_000.5, 30,
                            true, false, true, true, 12, 0.05, latency(300_000, 3.5, 10.0), null, 0, STEADY_LAG, processes(0.4)),
                    new PhaseResult(BenchReport.STREAMS_PASSTHROUGH, EOS, 10_000, 10_001, 9_990, 30, true, false, true, true, 12,
                            0.05, latency(299_700, 60, 200.0), null, 0, STEADY_LAG, processes(0.5)),
                    // Disturbed first run (its warm-up ran out with a backlog), then its rerun: ratios take the rerun.
                    new PhaseResult(BenchReport.PIPELINE, EOS, 10_000, 10_000, 9_000, 30, false, true, false, true, 12, 0.6,
                            latency(270_000, 90, 400.0), latency(2_700_000, 95, 420.0), 9_000, STEADY_LAG,
                            processes(0.9)),
                    new PhaseResult(BenchReport.PIPELINE, EOS, 10_000, 10_000, 9_995.5, 30, true, false, true, true, 12, 0.1,
                            latency(299_865, 70, 220.0), latency(2_998_650, 75, 13.0), 9_995.5, STEADY_LAG,
                            processes(0.8)),
                    new PhaseResult(BenchReport.PIPELINE, EOS, 0, 90_000, 56_000, 30, false, false, true, true, 12, 0.02,
                            latency(1_680_000, 900, 3000.0), latency(1_000_000, 950, 3100.0), 30_000,
                            new PhaseResult.Lag(1_200_000, 100_000, 1_100_000), processes(1.3)),
                    new PhaseResult(BenchReport.PIPELINE, ALOS, 10_000, 10_000, 10_002, 30, true, false, true, true, 12, 0.0,
                            latency(300_060, 8, 14.0), latency(3_000_600, 9, 16.0), 10_002, STEADY_LAG,
                            processes(0.7))),
            "0.50 0.40 0.30 1/200 100", "2.10 1.00 0.60 2/210 200",
            List.of(new MicroResult("SerdeBenchmark.encodeTick", Map.of(), "thrpt", 2_345_678.9, Double.NaN,
                    "ops/s")));

    @Test
    void shouldWriteEveryFigureToResultsJson(@TempDir Path folder) throws Exception {
        ReportWriter.writeJson(REPORT, folder);

        String json = Files.readString(folder.resolve(ReportWriter.JSON_FILE));
        assertThat(json).contains("\"cores\": \"2\"", "\"java.version\": \"17.0.99\"", "\"os\": \"Linux \\\"test\\\"\"",
                "\"recordsPerSecond\": 160428.500", "\"consumerPerformance\": {\"records\": 300000, "
                        + "\"recordsPerSecond\": 303030.250, \"mbPerSecond\": 25.720",
                "\"drains\": [", "\"backlog\": 8000000", "\"warmupSeconds\": 14.500", "\"records\": 3000000",
                "\"recordsPerSecond\": 100000.000", "\"recordsPerCpuSecond\": 250000.000", "\"jitCores\": 0.200",
                "\"stage\": \"inference-stream\"", "\"warm\": false", "\"warmupSeconds\": 12.000",
                "\"stage\": \"copy-loop\"", "\"guarantee\": \"none\"", "\"stage\": \"streams-passthrough\"",
                "\"stage\": \"pipeline\"", "\"offeredPerSecond\": 0", "\"writtenPerSecond\": 90000.000",
                "\"sustained\": false", "\"disturbed\": true", "\"steady\": false", "\"otherCpuCores\": 0.600",
                "\"wsLatency\": {", "{\"percentile\": 50.000, \"ms\": 70.000}",
                "\"lag\": {\"max\": 1200000, \"start\": 100000, \"end\": 1100000}",
                "\"name\": \"kafka\", \"pid\": 11, \"cpuSeconds\": 9.500, \"cores\": 0.320, \"rssKb\": 512000, "
                        + "\"peakRssKb\": 600000, \"gcPauses\": null",
                "\"gcPauses\": 4, \"gcPauseMsTotal\": 12.500, \"gcPauseMsMax\": 6.250",
                "\"before\": \"0.50 0.40 0.30 1/200 100\"",
                "\"micro\": [{\"benchmark\": \"SerdeBenchmark.encodeTick\", \"params\": {}, \"mode\": \"thrpt\", "
                        + "\"score\": 2345678.900, \"error\": null, \"unit\": \"ops/s\"}]");
        assertThat(json).contains("\"pipelineOverCopyLoopFlatOut\": {\"exactly_once_v2\": {\"value\": 0.560, "
                        + "\"numerator\": 56000.000, \"denominator\": 100000.000, \"offeredPerSecond\": 0, "
                        + "\"goal\": \">= 0.7\", \"met\": false}}",
                "\"scorerOverPassthroughDrain\": {", "\"exactly_once_v2\": {\"value\": 0.800, \"numerator\": 58400.000, "
                        + "\"denominator\": 73000.000, \"offeredPerSecond\": 0, \"goal\": \">= 0.7\", \"met\": true}",
                "\"at_least_once, 2 threads\": {\"value\": 0.500",
                "\"scorerOverPassthroughPerCpuSecond\": {", "\"exactly_once_v2\": {\"value\": 0.600",
                "\"wsP99OverCopyLoopP99At10k\": {", "\"exactly_once_v2\": {\"value\": 1.300, \"numerator\": 13.000, "
                        + "\"denominator\": 10.000, \"offeredPerSecond\": 10000, \"goal\": null, \"met\": null}",
                "\"at_least_once\": {\"value\": 1.600, \"numerator\": 16.000, \"denominator\": 10.000, "
                        + "\"offeredPerSecond\": 10000, \"goal\": \"<= 2.0\", \"met\": true}",
                "\"eosP99OverStreamsEosP99At10k\": {\"value\": 1.100, \"numerator\": 220.000, "
                        + "\"denominator\": 200.000, \"offeredPerSecond\": 10000, \"goal\": \"<= 1.1\", \"met\": true}",
                "\"publisherOverProducerPerformance\": {\"value\": 0.561, \"numerator\": 90000.000, "
                        + "\"denominator\": 160428.500, \"offeredPerSecond\": 0, \"goal\": null, \"met\": null}",
                "\"highestSustainedPerSecond\": {\"exactly_once_v2\": 10000.000, \"at_least_once\": 10000.000}",
                "\"highestSustainedGoals\": {\"exactly_once_v2\": {\"goal\": \">= 60000\", \"met\": false}");
        assertThat(json.chars().filter(c -> c == '{').count()).isEqualTo(json.chars().filter(c -> c == '}').count());
        assertThat(json.chars().filter(c -> c == '[').count()).isEqualTo(json.chars().filter(c -> c == ']').count());
    }

    @Test
    void shouldWriteTablesRatiosAndBottleneckToSummaryMarkdown(@TempDir Path folder) throws Exception {
        ReportWriter.writeMarkdown(REPORT, List.of("throughput.png"), folder);

        String markdown = Files.readString(folder.resolve(ReportWriter.MARKDOWN_FILE));
        assertThat(markdown).contains("2 cores (Test CPU @ 2.0GHz), 8048000 kB, Java 17.0.99", "; Atlas 0123456789ab.",
                "- **exactly_once_v2**: highest sustained rate 10000 ticks/s (goal >= 60000); at flat out (90000/s written) the "
                        + "busiest process was inference-stream-exactly_once_v2 (1.30 cores); 1.64 of 2 cores busy "
                        + "(0.02 by other programs)",
                "| ProducerPerformance records/s (300000 records) | 160429 |",
                "| ConsumerPerformance records/s (300000 records) | 303030 |",
                "## Drains of one backlog of ticks (flat out, steady state)",
                "| inference-stream | exactly_once_v2 | 1 | 58400 | 84000 | 0.70 | 15 | 0.004 | 30 | 0.05 |",
                "| inference-stream | at_least_once | 2 | 40000 | 60000 | 0.67 | 15 (**cold**) | 0.200 | 30 | 0.05 |",
                "| scorerOverPassthroughDrain | exactly_once_v2 | 0.80 | 58400.0 | 73000.0 | flat out | >= 0.7 | yes |",
                "| copy-loop | none | 10000 | 10001 | 10001 | yes | 3.5 | 5.3 | 10.0 | 12.0 | 15.0 | 3000 / 1200 |",
                "## Pipeline, exactly_once_v2",
                "| 10000 | 10000 | 9000 | no (backlog) (disturbed) | 90.0 / 400.0 / 480.0 | 95.0 / 420.0 / 504.0 "
                        + "| 9000 |",
                "| flat out | 90000 | 56000 | no | 900.0 / 3000.0 / 3600.0 |",
                "## Pipeline, at_least_once",
                "| pipelineOverCopyLoopFlatOut | exactly_once_v2 | 0.56 | 56000.0 | 100000.0 | flat out | >= 0.7 "
                        + "| **no** |",
                "| eosP99OverStreamsEosP99At10k | - | 1.10 | 220.0 | 200.0 | 10000/s | <= 1.1 | yes |",
                "| pipeline | exactly_once_v2 | 10000 | inference-stream-exactly_once_v2 | 24.00 | 0.80 | 391 | 410 "
                        + "| 4 | 12.5 / 6.3 |",
                "| pipeline | exactly_once_v2 | 10000 | kafka | 9.50 | 0.32 | 500 | 586 | - | - |",
                "![throughput](throughput.png)", "## Micro-benchmarks (JMH)", "| `SerdeBenchmark.encodeTick` |",
                "| window | `PT30S` |");
    }

    @Test
    void shouldTakeTheUndisturbedRerunForRatios() {
        assertThat(REPORT.phase(BenchReport.PIPELINE, EOS, 10_000)).get()
                .extracting(PhaseResult::disturbed).isEqualTo(false);
        assertThat(REPORT.wsP99OverCopyLoopP99(EOS)).get().extracting(Ratio::value)
                .satisfies(v -> assertThat(v).isCloseTo(1.3, within(1e-9)));
    }

    @Test
    void shouldLeaveRatiosOutWhenTheirStepsDidNotRun() {
        BenchReport pipelineOnly = new BenchReport(REPORT.started(), REPORT.finished(), REPORT.machine(),
                REPORT.settings(), REPORT.producer(), REPORT.consumer(), List.of(), REPORT.phases().subList(5, 6),
                REPORT.loadBefore(), REPORT.loadAfter(), List.of());

        assertThat(pipelineOnly.wsP99OverCopyLoopP99(ALOS)).isEmpty();
        assertThat(pipelineOnly.pipelineOverCopyLoopFlatOut(ALOS)).isEmpty();
        assertThat(pipelineOnly.eosP99OverStreamsEosP99()).isEmpty();
        assertThat(pipelineOnly.scorerOverPassthroughDrain(EOS, 1)).isEmpty();
        assertThat(ReportWriter.json(pipelineOnly)).contains("\"pipelineOverCopyLoopFlatOut\": {}")
                .doesNotContain("eosP99OverStreamsEosP99At10k");
    }

    @Test
    void shouldTakeLatencyRatiosAtTheLowestRateWhenTenThousandDidNotRun() {
        BenchReport quick = new BenchReport(REPORT.started(), REPORT.finished(), REPORT.machine(), REPORT.settings(),
                REPORT.producer(), REPORT.consumer(), List.of(),
                List.of(new PhaseResult(BenchReport.PIPELINE, EOS, 5_000, 5_000, 5_000, 10, true, false, true, true, 12, 0,
                        latency(1, 1, 1), latency(1, 1, 1), 5_000, STEADY_LAG, List.of())), REPORT.loadBefore(),
                REPORT.loadAfter(), List.of());

        assertThat(quick.referenceRate()).isEqualTo(5_000);
        assertThat(REPORT.referenceRate()).isEqualTo(10_000);
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
