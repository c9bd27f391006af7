package io.atlas.perf.trace;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The tracing-cost benchmark's results: every run, and per mode the mean, standard deviation and range of the
 * throughput and its cost against the first mode (tracing off); written as {@code results.json} and
 * {@code summary.md}.
 */
final class TracingCostReport {

    /** One run of one mode. */
    record Run(String mode, int repetition, double ticksPerSecond, double publishTicksPerSecond,
               long exportRequests, long exportBytes) {
    }

    /** The runs of one mode, summarized; {@code costPercent} is the throughput lost against the baseline mode. */
    record ModeSummary(String mode, int runs, double mean, double stdev, double min, double max,
                       double costPercent) {
    }

    private final List<Run> runs;
    private final int ticks;
    private final int symbols;

    TracingCostReport(List<Run> runs, int ticks, int symbols) {
        this.runs = List.copyOf(runs);
        this.ticks = ticks;
        this.symbols = symbols;
    }

    /** Per mode, in the order first measured; the first mode is the baseline of the cost. */
    List<ModeSummary> summaries() {
        Map<String, List<Double>> byMode = new LinkedHashMap<>();
        for (Run run : runs) {
            byMode.computeIfAbsent(run.mode(), m -> new ArrayList<>()).add(run.ticksPerSecond());
        }
        List<ModeSummary> summaries = new ArrayList<>();
        double baseline = Double.NaN;
        for (Map.Entry<String, List<Double>> mode : byMode.entrySet()) {
            List<Double> values = mode.getValue();
            double mean = values.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
            double variance = values.stream().mapToDouble(v -> (v - mean) * (v - mean)).sum()
                    / Math.max(1, values.size() - 1);
            if (Double.isNaN(baseline)) {
                baseline = mean;
            }
            summaries.add(new ModeSummary(mode.getKey(), values.size(), mean, Math.sqrt(variance),
                    values.stream().mapToDouble(Double::doubleValue).min().orElse(Double.NaN),
                    values.stream().mapToDouble(Double::doubleValue).max().orElse(Double.NaN),
                    100 * (1 - mean / baseline)));
        }
        return summaries;
    }

    String markdown() {
        StringBuilder md = new StringBuilder();
        md.append(String.format(Locale.ROOT, "Tracing cost, publish -> score, %,d ticks per run over %d symbols, %d "
                        + "cores, Java %s%n%n", ticks, symbols, Runtime.getRuntime().availableProcessors(),
                System.getProperty("java.version")));
        md.append("| tracing | runs | mean ticks/s | stdev | min | max | cost vs off |\n");
        md.append("|---|---|---|---|---|---|---|\n");
        for (ModeSummary s : summaries()) {
            md.append(String.format(Locale.ROOT, "| %s | %d | %,.0f | %,.0f | %,.0f | %,.0f | %.1f%% |%n", s.mode(),
                    s.runs(), s.mean(), s.stdev(), s.min(), s.max(), s.costPercent()));
        }
        md.append("\n| run | tracing | ticks/s | publish ticks/s | OTLP requests | OTLP bytes |\n");
        md.append("|---|---|---|---|---|---|\n");
        for (Run run : runs) {
            md.append(String.format(Locale.ROOT, "| %d | %s | %,.0f | %,.0f | %d | %,d |%n", run.repetition(),
                    run.mode(), run.ticksPerSecond(), run.publishTicksPerSecond(), run.exportRequests(),
                    run.exportBytes()));
        }
        return md.toString();
    }

    String json() {
        StringBuilder json = new StringBuilder("{\n");
        json.append(String.format(Locale.ROOT, "  \"ticksPerRun\": %d,%n  \"symbols\": %d,%n  \"cores\": %d,%n"
                        + "  \"java\": \"%s\",%n  \"summary\": [%n", ticks, symbols,
                Runtime.getRuntime().availableProcessors(), System.getProperty("java.version")));
        List<ModeSummary> summaries = summaries();
        for (int i = 0; i < summaries.size(); i++) {
            ModeSummary s = summaries.get(i);
            json.append(String.format(Locale.ROOT, "    {\"mode\": \"%s\", \"runs\": %d, \"meanTicksPerSecond\": %.1f, "
                            + "\"stdev\": %.1f, \"min\": %.1f, \"max\": %.1f, \"costPercent\": %.2f}%s%n", s.mode(),
                    s.runs(), s.mean(), s.stdev(), s.min(), s.max(), s.costPercent(),
                    i < summaries.size() - 1 ? "," : ""));
        }
        json.append("  ],\n  \"runs\": [\n");
        for (int i = 0; i < runs.size(); i++) {
            Run run = runs.get(i);
            json.append(String.format(Locale.ROOT, "    {\"repetition\": %d, \"mode\": \"%s\", \"ticksPerSecond\": "
                            + "%.1f, \"publishTicksPerSecond\": %.1f, \"otlpRequests\": %d, \"otlpBytes\": %d}%s%n",
                    run.repetition(), run.mode(), run.ticksPerSecond(), run.publishTicksPerSecond(),
                    run.exportRequests(), run.exportBytes(), i < runs.size() - 1 ? "," : ""));
        }
        return json.append("  ]\n}\n").toString();
    }

    void write(Path folder) throws IOException {
        Files.createDirectories(folder);
        Files.writeString(folder.resolve("results.json"), json());
        Files.writeString(folder.resolve("summary.md"), markdown());
    }
}
