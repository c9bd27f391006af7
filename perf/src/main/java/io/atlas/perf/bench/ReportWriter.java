package io.atlas.perf.bench;

import io.atlas.perf.micro.MicroBenchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** Writes a {@link BenchReport} as {@code results.json} (every figure) and {@code summary.md} (tables) in a folder. */
public final class ReportWriter {

    public static final String JSON_FILE = "results.json";
    public static final String MARKDOWN_FILE = "summary.md";

    private ReportWriter() {
    }

    /** Writes {@code results.json}, which the charts are drawn from. */
    public static void writeJson(BenchReport report, Path folder) throws IOException {
        Files.createDirectories(folder);
        Files.writeString(folder.resolve(JSON_FILE), json(report));
    }

    /** Writes {@code summary.md}, linking the chart images named (files in the same folder). */
    public static void writeMarkdown(BenchReport report, List<String> charts, Path folder) throws IOException {
        Files.createDirectories(folder);
        Files.writeString(folder.resolve(MARKDOWN_FILE), markdown(report, charts));
    }

    public static String json(BenchReport r) {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("started", r.started().toString());
        root.put("finished", r.finished().toString());
        root.put("machine", new TreeMap<>(r.machine()));
        root.put("settings", new TreeMap<>(r.settings()));
        root.put("load", ordered("before", r.loadBefore(), "after", r.loadAfter()));
        ProducerBaseline p = r.producer();
        root.put("producerPerformance", ordered("records", p.records(), "recordsPerSecond", p.recordsPerSecond(),
                "mbPerSecond", p.mbPerSecond(), "avgMs", p.avgMs(), "p50Ms", p.p50Ms(), "p95Ms", p.p95Ms(),
                "p99Ms", p.p99Ms(), "p999Ms", p.p999Ms(), "maxMs", p.maxMs()));
        ConsumerBaseline c = r.consumer();
        root.put("consumerPerformance", ordered("records", c.records(), "recordsPerSecond", c.recordsPerSecond(),
                "mbPerSecond", c.mbPerSecond(), "rebalanceMs", c.rebalanceMs()));
        root.put("drains", r.drains().stream().map(ReportWriter::drain).toList());
        root.put("phases", r.phases().stream().map(ReportWriter::phase).toList());
        Map<String, Object> ratios = new LinkedHashMap<>();
        r.ratios().forEach((name, value) -> ratios.put(name, value instanceof Ratio one ? ratio(one)
                : ratiosByGuarantee(value)));
        root.put("ratios", ratios);
        Map<String, Object> highest = new LinkedHashMap<>();
        Map<String, Object> goals = new LinkedHashMap<>();
        for (String guarantee : r.pipelineGuarantees()) {
            Double rate = r.highestSustained(guarantee).map(PhaseResult::ratePerSecond).orElse(null);
            highest.put(guarantee, rate);
            goals.put(guarantee, ordered("goal", ">= " + BenchReport.sustainedGoal(guarantee), "met",
                    rate != null && rate >= BenchReport.sustainedGoal(guarantee)));
        }
        root.put("highestSustainedPerSecond", highest);
        root.put("highestSustainedGoals", goals);
        root.put("micro", r.micro().stream().map(m -> ordered("benchmark", m.benchmark(),
                "params", new TreeMap<>(m.params()), "mode", m.mode(), "score", m.score(), "error", m.error(),
                "unit", m.unit())).toList());
        return Json.write(root);
    }

    private static Object ratiosByGuarantee(Object value) {
        Map<String, Object> byGuarantee = new LinkedHashMap<>();
        ((Map<?, ?>) value).forEach((g, one) -> byGuarantee.put(g.toString(), ratio((Ratio) one)));
        return byGuarantee;
    }

    private static Map<String, Object> ratio(Ratio r) {
        return ordered("value", r.value(), "numerator", r.numerator(), "denominator", r.denominator(),
                "offeredPerSecond", r.offeredPerSecond(), "goal", r.goal(), "met", r.met());
    }

    private static Map<String, Object> phase(PhaseResult ph) {
        Map<String, Object> m = ordered("stage", ph.stage(), "guarantee", ph.guarantee(),
                "offeredPerSecond", ph.offeredPerSecond(), "writtenPerSecond", ph.writtenPerSecond(),
                "achievedPerSecond", ph.achievedPerSecond(), "seconds", ph.seconds(), "sustained", ph.sustained(),
                "disturbed", ph.disturbed(), "steady", ph.steady(), "warm", ph.warm(),
                "warmupSeconds", ph.warmupSeconds(), "otherCpuCores", ph.otherCpuCores(),
                "latency", latency(ph.latency()));
        if (ph.wsLatency() != null) {
            m.put("wsLatency", latency(ph.wsLatency()));
            m.put("wsFramesPerSecondPerClient", ph.wsFramesPerSecond());
        }
        m.put("lag", ordered("max", ph.lag().max(), "start", ph.lag().start(), "end", ph.lag().end()));
        m.put("processes", ph.processes().stream().map(ReportWriter::process).toList());
        return m;
    }

    private static Map<String, Object> drain(DrainResult d) {
        return ordered("stage", d.stage(), "guarantee", d.guarantee(), "threads", d.threads(), "backlog", d.backlog(),
                "warmupSeconds", d.warmupSeconds(), "warm", d.warm(), "seconds", d.seconds(), "records", d.records(),
                "recordsPerSecond", d.recordsPerSecond(), "cpuSeconds", d.cpuSeconds(),
                "recordsPerCpuSecond", d.recordsPerCpuSecond(), "jitCores", d.jitCores(),
                "otherCpuCores", d.otherCpuCores(), "disturbed", d.disturbed(),
                "processes", d.processes().stream().map(ReportWriter::process).toList());
    }

    static Map<String, Object> latency(Latency l) {
        return ordered("count", l.count(), "p50Ms", l.p50Ms(), "p90Ms", l.p90Ms(), "p99Ms", l.p99Ms(),
                "p999Ms", l.p999Ms(), "maxMs", l.maxMs(), "distribution", l.distribution().stream()
                        .map(point -> ordered("percentile", point.percentile(), "ms", point.ms())).toList());
    }

    private static Map<String, Object> process(ProcessUsage u) {
        GcPauses gc = u.gc();
        return ordered("name", u.name(), "pid", u.pid(), "cpuSeconds", u.cpuSeconds(), "cores", u.cores(),
                "rssKb", u.rssKb(), "peakRssKb", u.peakRssKb(), "gcPauses", gc == null ? null : gc.count(),
                "gcPauseMsTotal", gc == null ? null : gc.totalMs(), "gcPauseMsMax", gc == null ? null : gc.maxMs());
    }

    static Map<String, Object> ordered(Object... keysAndValues) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            m.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return m;
    }

    public static String markdown(BenchReport r, List<String> charts) {
        StringBuilder b = new StringBuilder();
        b.append("# Atlas benchmark, ").append(r.started()).append("\n\n");
        b.append(r.machine().getOrDefault("cores", "?")).append(" cores (")
                .append(r.machine().getOrDefault("cpu", "?")).append("), ")
                .append(r.machine().getOrDefault("memory", "?")).append(", Java ")
                .append(r.machine().getOrDefault("java.version", "?")).append(", ")
                .append(r.machine().getOrDefault("os", "?")).append("; load average before `")
                .append(r.loadBefore()).append("`, after `").append(r.loadAfter()).append("`; Atlas ")
                .append(r.machine().getOrDefault("atlas.commit", "?")).append(".\n\n");
        headline(r, b);
        baselines(r, b);
        drains(r, b);
        for (String guarantee : r.pipelineGuarantees()) {
            pipeline(r, guarantee, b);
        }
        ratios(r, b);
        for (String chart : charts) {
            b.append("![").append(chart.replaceFirst("\\.png$", "")).append("](").append(chart).append(")\n\n");
        }
        if (!r.micro().isEmpty()) {
            b.append("## Micro-benchmarks (JMH)\n\n").append(MicroBenchmarks.markdown(r.micro())).append('\n');
        }
        processes(r, b);
        b.append("\n## Settings\n\n| setting | value |\n|---|---|\n");
        new TreeMap<>(r.settings()).forEach((k, v) -> b.append("| ").append(k).append(" | `").append(v)
                .append("` |\n"));
        return b.toString();
    }

    private static void headline(BenchReport r, StringBuilder b) {
        for (String guarantee : r.pipelineGuarantees()) {
            Optional<PhaseResult> top = r.highestSustained(guarantee);
            b.append("- **").append(guarantee).append("**: highest sustained rate ")
                    .append(top.map(p -> String.format(Locale.ROOT, "%.0f ticks/s%s", p.ratePerSecond(),
                            p.offeredPerSecond() == 0 ? " (flat out)" : "")).orElse("none"))
                    .append(" (goal >= ").append(BenchReport.sustainedGoal(guarantee)).append(")")
                    .append("; ").append(bottleneck(r, guarantee)).append('\n');
        }
        b.append('\n');
    }

    /** Which process used the most CPU at the guarantee's highest step, and the cores used in all vs available. */
    static String bottleneck(BenchReport r, String guarantee) {
        Optional<PhaseResult> highest = r.pipeline(guarantee).stream()
                .max(Comparator.comparingDouble(PhaseResult::ratePerSecond));
        if (highest.isEmpty() || highest.get().processes().isEmpty()) {
            return "no step measured";
        }
        PhaseResult ph = highest.get();
        ProcessUsage busiest = ph.processes().stream().max(Comparator.comparingDouble(ProcessUsage::cores))
                .orElseThrow();
        double total = ph.processes().stream().mapToDouble(ProcessUsage::cores).sum() + ph.otherCpuCores();
        return String.format(Locale.ROOT, "at %s the busiest process was %s (%.2f cores); %.2f of %s cores busy "
                        + "(%.2f by other programs)", rate(ph), busiest.name(), busiest.cores(), total,
                r.machine().getOrDefault("cores", "?"), ph.otherCpuCores());
    }

    private static void baselines(BenchReport r, StringBuilder b) {
        ProducerBaseline p = r.producer();
        ConsumerBaseline c = r.consumer();
        b.append("## Bare Kafka baselines\n\n| measure | value |\n|---|---|\n");
        b.append(String.format(Locale.ROOT, "| ProducerPerformance records/s (%d records) | %.0f |%n", p.records(),
                p.recordsPerSecond()));
        b.append(String.format(Locale.ROOT, "| ProducerPerformance MB/s | %.2f |%n", p.mbPerSecond()));
        b.append(String.format(Locale.ROOT, "| ProducerPerformance latency p50 / p99 / p99.9 / max ms | %.0f / %.0f / "
                + "%.0f / %.0f |%n", p.p50Ms(), p.p99Ms(), p.p999Ms(), p.maxMs()));
        b.append(String.format(Locale.ROOT, "| ConsumerPerformance records/s (%d records) | %.0f |%n", c.records(),
                c.recordsPerSecond()));
        b.append(String.format(Locale.ROOT, "| ConsumerPerformance MB/s | %.2f |%n", c.mbPerSecond()));
        b.append("\n| baseline | guarantee | offered/s | written/s | achieved/s | sustained | p50 ms | p90 ms | p99 ms "
                + "| p99.9 ms | max ms | lag max / end | CPU cores | other CPU |\n");
        b.append("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|\n");
        for (PhaseResult ph : r.phases()) {
            if (ph.stage().equals(BenchReport.PIPELINE)) {
                continue;
            }
            Latency l = ph.latency();
            b.append(String.format(Locale.ROOT, "| %s | %s | %s | %.0f | %.0f | %s | %.1f | %.1f | %.1f | %.1f | %.1f "
                            + "| %d / %d | %s | %s |%n", ph.stage(), ph.guarantee(), offered(ph),
                    ph.writtenPerSecond(), ph.achievedPerSecond(), sustained(ph), l.p50Ms(), l.p90Ms(), l.p99Ms(),
                    l.p999Ms(), l.maxMs(), ph.lag().max(), ph.lag().end(), cores(ph), other(ph)));
        }
        b.append('\n');
    }

    private static void drains(BenchReport r, StringBuilder b) {
        if (r.drains().isEmpty()) {
            return;
        }
        b.append("## Drains of one backlog of ticks (flat out, steady state)\n\n| stage | guarantee | threads "
                + "| records/s | records per CPU-second | cores | warm-up s | JIT cores in window | window s "
                + "| other CPU |\n|---|---|---|---|---|---|---|---|---|---|\n");
        for (DrainResult d : r.drains()) {
            b.append(String.format(Locale.ROOT, "| %s | %s | %d | %.0f | %.0f | %.2f | %.0f%s | %.3f | %.0f | %.2f%s |%n",
                    d.stage(), d.guarantee(), d.threads(), d.recordsPerSecond(), d.recordsPerCpuSecond(),
                    d.cpuSeconds() / d.seconds(), d.warmupSeconds(), d.warm() ? "" : " (**cold**)", d.jitCores(),
                    d.seconds(), d.otherCpuCores(), d.disturbed() ? " (disturbed)" : ""));
        }
        b.append('\n');
    }

    private static void pipeline(BenchReport r, String guarantee, StringBuilder b) {
        b.append("## Pipeline, ").append(guarantee).append("\n\n");
        b.append("| offered/s | written/s | achieved/s | sustained | → prediction p50 / p99 / p99.9 ms "
                + "| → WebSocket p50 / p99 / p99.9 ms | WS frames/s per client | lag max / end | CPU cores "
                + "| other CPU |\n|---|---|---|---|---|---|---|---|---|---|\n");
        for (PhaseResult ph : r.pipeline(guarantee)) {
            Latency l = ph.latency();
            Latency ws = ph.wsLatency() != null ? ph.wsLatency() : Latency.none();
            b.append(String.format(Locale.ROOT, "| %s | %.0f | %.0f | %s | %.1f / %.1f / %.1f | %.1f / %.1f / %.1f "
                            + "| %.0f | %d / %d | %s | %s |%n", offered(ph), ph.writtenPerSecond(),
                    ph.achievedPerSecond(), sustained(ph), l.p50Ms(), l.p99Ms(), l.p999Ms(), ws.p50Ms(), ws.p99Ms(),
                    ws.p999Ms(), ph.wsFramesPerSecond(), ph.lag().max(), ph.lag().end(), cores(ph), other(ph)));
        }
        b.append('\n');
    }

    private static void ratios(BenchReport r, StringBuilder b) {
        b.append("## Ratios from this run\n\n| ratio | guarantee | value | Atlas | bare Kafka | at | goal | met |\n"
                + "|---|---|---|---|---|---|---|---|\n");
        List<String[]> rows = new ArrayList<>();
        r.ratios().forEach((name, value) -> {
            if (value instanceof Ratio one) {
                rows.add(ratioRow(name, "-", one));
            } else {
                ((Map<?, ?>) value).forEach((g, one) -> rows.add(ratioRow(name, g.toString(), (Ratio) one)));
            }
        });
        rows.forEach(row -> b.append("| ").append(String.join(" | ", row)).append(" |\n"));
        b.append('\n');
    }

    private static String[] ratioRow(String name, String guarantee, Ratio r) {
        return new String[] {name, guarantee, String.format(Locale.ROOT, "%.2f", r.value()),
                String.format(Locale.ROOT, "%.1f", r.numerator()), String.format(Locale.ROOT, "%.1f", r.denominator()),
                r.offeredPerSecond() == 0 ? "flat out" : r.offeredPerSecond() + "/s",
                r.goal() == null ? "-" : r.goal(), r.met() == null ? "-" : r.met() ? "yes" : "**no**"};
    }

    private static void processes(BenchReport r, StringBuilder b) {
        b.append("## Processes during each window\n\n| stage | guarantee | offered/s | process | CPU s | cores "
                + "| RSS MB | peak RSS MB | GC pauses | GC ms total / max |\n"
                + "|---|---|---|---|---|---|---|---|---|---|\n");
        for (PhaseResult ph : r.phases()) {
            for (ProcessUsage u : ph.processes()) {
                GcPauses gc = u.gc();
                b.append(String.format(Locale.ROOT, "| %s | %s | %s | %s | %.2f | %.2f | %.0f | %.0f | %s | %s |%n",
                        ph.stage(), ph.guarantee(), offered(ph), u.name(), u.cpuSeconds(), u.cores(),
                        u.rssKb() / 1024.0, u.peakRssKb() / 1024.0, gc == null ? "-" : Integer.toString(gc.count()),
                        gc == null ? "-" : String.format(Locale.ROOT, "%.1f / %.1f", gc.totalMs(), gc.maxMs())));
            }
        }
    }

    private static String offered(PhaseResult ph) {
        return ph.offeredPerSecond() == 0 ? "flat out" : Integer.toString(ph.offeredPerSecond());
    }

    private static String rate(PhaseResult ph) {
        return ph.offeredPerSecond() == 0
                ? String.format(Locale.ROOT, "flat out (%.0f/s written)", ph.writtenPerSecond())
                : ph.offeredPerSecond() + "/s";
    }

    private static String sustained(PhaseResult ph) {
        return (ph.sustained() ? "yes" : "no") + (ph.steady() ? "" : " (backlog)") + (ph.warm() ? "" : " (cold)")
                + (ph.disturbed() ? " (disturbed)" : "");
    }

    private static String cores(PhaseResult ph) {
        StringBuilder b = new StringBuilder();
        for (ProcessUsage u : ph.processes()) {
            b.append(b.isEmpty() ? "" : ", ").append(u.name()).append(' ')
                    .append(String.format(Locale.ROOT, "%.2f", u.cores()));
        }
        return b.toString();
    }

    private static String other(PhaseResult ph) {
        return String.format(Locale.ROOT, "%.2f", ph.otherCpuCores());
    }
}
