package io.atlas.perf.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/** Writes a {@link BenchReport} as {@code results.json} (every figure) and {@code summary.md} (tables) in a folder. */
public final class ReportWriter {

    public static final String JSON_FILE = "results.json";
    public static final String MARKDOWN_FILE = "summary.md";

    private ReportWriter() {
    }

    public static void write(BenchReport report, Path folder) throws IOException {
        Files.createDirectories(folder);
        Files.writeString(folder.resolve(JSON_FILE), json(report));
        Files.writeString(folder.resolve(MARKDOWN_FILE), markdown(report));
    }

    public static String json(BenchReport r) {
        StringBuilder b = new StringBuilder("{\n");
        b.append("  \"started\": ").append(str(r.started().toString())).append(",\n");
        b.append("  \"finished\": ").append(str(r.finished().toString())).append(",\n");
        b.append("  \"machine\": ").append(map(r.machine())).append(",\n");
        b.append("  \"settings\": ").append(map(r.settings())).append(",\n");
        b.append("  \"load\": {\"before\": ").append(str(r.loadBefore())).append(", \"after\": ")
                .append(str(r.loadAfter())).append("},\n");
        ProducerBaseline p = r.producer();
        b.append("  \"producerPerformance\": {\"records\": ").append(p.records())
                .append(", \"recordsPerSecond\": ").append(num(p.recordsPerSecond()))
                .append(", \"mbPerSecond\": ").append(num(p.mbPerSecond()))
                .append(", \"avgMs\": ").append(num(p.avgMs())).append(", \"p50Ms\": ").append(num(p.p50Ms()))
                .append(", \"p95Ms\": ").append(num(p.p95Ms())).append(", \"p99Ms\": ").append(num(p.p99Ms()))
                .append(", \"p999Ms\": ").append(num(p.p999Ms())).append(", \"maxMs\": ").append(num(p.maxMs()))
                .append("},\n");
        b.append("  \"copyLoopDrainPerSecond\": ").append(num(r.copyDrainPerSecond())).append(",\n");
        b.append("  \"phases\": [");
        for (int i = 0; i < r.phases().size(); i++) {
            PhaseResult ph = r.phases().get(i);
            Latency l = ph.latency();
            b.append(i == 0 ? "\n" : ",\n");
            b.append("    {\"stage\": ").append(str(ph.stage())).append(", \"offeredPerSecond\": ")
                    .append(ph.offeredPerSecond()).append(", \"achievedPerSecond\": ")
                    .append(num(ph.achievedPerSecond())).append(", \"seconds\": ").append(num(ph.seconds()))
                    .append(",\n     \"latency\": {\"count\": ").append(l.count()).append(", \"p50Ms\": ")
                    .append(num(l.p50Ms())).append(", \"p90Ms\": ").append(num(l.p90Ms())).append(", \"p99Ms\": ")
                    .append(num(l.p99Ms())).append(", \"p999Ms\": ").append(num(l.p999Ms())).append(", \"maxMs\": ")
                    .append(num(l.maxMs())).append("},\n     \"processes\": [");
            for (int j = 0; j < ph.processes().size(); j++) {
                ProcessUsage u = ph.processes().get(j);
                b.append(j == 0 ? "" : ", ").append("{\"name\": ").append(str(u.name())).append(", \"pid\": ")
                        .append(u.pid()).append(", \"cpuSeconds\": ").append(num(u.cpuSeconds()))
                        .append(", \"rssKb\": ").append(u.rssKb()).append(", \"peakRssKb\": ").append(u.peakRssKb())
                        .append('}');
            }
            b.append("]}");
        }
        b.append("\n  ],\n  \"ratios\": [");
        boolean first = true;
        for (int rate : r.rates()) {
            if (r.throughputRatio(rate).isEmpty() && r.p99Ratio(rate).isEmpty()) {
                continue;
            }
            b.append(first ? "\n" : ",\n").append("    {\"offeredPerSecond\": ").append(rate)
                    .append(", \"throughputPipelineOverCopyLoop\": ")
                    .append(r.throughputRatio(rate).map(ReportWriter::num).orElse("null"))
                    .append(", \"p99PipelineOverCopyLoop\": ")
                    .append(r.p99Ratio(rate).map(ReportWriter::num).orElse("null")).append('}');
            first = false;
        }
        b.append("\n  ]\n}\n");
        return b.toString();
    }

    public static String markdown(BenchReport r) {
        StringBuilder b = new StringBuilder();
        b.append("# Atlas benchmark, ").append(r.started()).append("\n\n");
        b.append(r.machine().getOrDefault("cores", "?")).append(" cores, ")
                .append(r.machine().getOrDefault("memory", "?")).append(", Java ")
                .append(r.machine().getOrDefault("java.version", "?")).append(", ")
                .append(r.machine().getOrDefault("os", "?")).append("; load average before `")
                .append(r.loadBefore()).append("`, after `").append(r.loadAfter()).append("`.\n\n");
        ProducerBaseline p = r.producer();
        b.append("## Bare Kafka baseline\n\n| measure | value |\n|---|---|\n");
        b.append(String.format(Locale.ROOT, "| ProducerPerformance records/s (%d records) | %.0f |%n", p.records(),
                p.recordsPerSecond()));
        b.append(String.format(Locale.ROOT, "| ProducerPerformance MB/s | %.2f |%n", p.mbPerSecond()));
        b.append(String.format(Locale.ROOT, "| ProducerPerformance latency p50 / p99 / p99.9 / max ms | %.0f / %.0f / "
                + "%.0f / %.0f |%n", p.p50Ms(), p.p99Ms(), p.p999Ms(), p.maxMs()));
        b.append(String.format(Locale.ROOT, "| copy loop drain records/s | %.0f |%n%n", r.copyDrainPerSecond()));
        b.append("## Offered rate: copy loop vs pipeline\n\n");
        b.append("| stage | offered/s | achieved/s | p50 ms | p90 ms | p99 ms | p99.9 ms | max ms | measured |\n");
        b.append("|---|---|---|---|---|---|---|---|---|\n");
        for (PhaseResult ph : r.phases()) {
            Latency l = ph.latency();
            b.append(String.format(Locale.ROOT, "| %s | %d | %.0f | %.1f | %.1f | %.1f | %.1f | %.1f | %d |%n",
                    ph.stage(), ph.offeredPerSecond(), ph.achievedPerSecond(), l.p50Ms(), l.p90Ms(), l.p99Ms(),
                    l.p999Ms(), l.maxMs(), l.count()));
        }
        b.append("\n## Ratios (pipeline / copy loop)\n\n| offered/s | throughput | p99 |\n|---|---|---|\n");
        for (int rate : r.rates()) {
            b.append(String.format(Locale.ROOT, "| %d | %s | %s |%n", rate,
                    r.throughputRatio(rate).map(v -> String.format(Locale.ROOT, "%.2f", v)).orElse("-"),
                    r.p99Ratio(rate).map(v -> String.format(Locale.ROOT, "%.1f", v)).orElse("-")));
        }
        b.append("\n## Processes (during each measured window)\n\n");
        b.append("| stage | offered/s | process | CPU s | RSS MB | peak RSS MB |\n|---|---|---|---|---|---|\n");
        for (PhaseResult ph : r.phases()) {
            for (ProcessUsage u : ph.processes()) {
                b.append(String.format(Locale.ROOT, "| %s | %d | %s | %.2f | %.0f | %.0f |%n", ph.stage(),
                        ph.offeredPerSecond(), u.name(), u.cpuSeconds(), u.rssKb() / 1024.0,
                        u.peakRssKb() / 1024.0));
            }
        }
        b.append("\n## Settings\n\n| setting | value |\n|---|---|\n");
        new TreeMap<>(r.settings()).forEach((k, v) -> b.append("| ").append(k).append(" | `").append(v)
                .append("` |\n"));
        return b.toString();
    }

    private static String map(Map<String, String> values) {
        StringBuilder b = new StringBuilder("{");
        boolean first = true;
        for (Map.Entry<String, String> e : new TreeMap<>(values).entrySet()) {
            b.append(first ? "" : ", ").append(str(e.getKey())).append(": ").append(str(e.getValue()));
            first = false;
        }
        return b.append('}').toString();
    }

    private static String num(double value) {
        return Double.isFinite(value) ? String.format(Locale.ROOT, "%.3f", value) : "null";
    }

    static String str(String value) {
        StringBuilder b = new StringBuilder("\"");
        for (char c : value.toCharArray()) {
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                default -> {
                    if (c < 0x20) {
                        b.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        return b.append('"').toString();
    }
}
