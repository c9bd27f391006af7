package io.atlas.perf.bench;

import org.HdrHistogram.Histogram;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * One {@code ./atlas bench rollout} run: each measured release change and the distributions over them, written as
 * {@code results.json} and {@code summary.md}.
 *
 * @param instances the scorer instances, in the order each change's {@link Change#instanceMs} lists them
 * @param cpu       what the machine was doing while the measured changes ran
 */
record RolloutReport(Instant started, Instant finished, Map<String, String> machine, Map<String, String> settings,
                     String loadBefore, String loadAfter, List<String> instances, List<Change> changes, Cpu cpu) {

    /** p99 from a release change's commit to every scorer instance serving it, at most this (the goal). */
    static final double GOAL_EVERY_INSTANCE_P99_MS = 100;

    /**
     * One release change, all times from its commit in PostgreSQL (the record timestamp CDC sets).
     *
     * @param version    the version the change made live
     * @param cdcMs      until its record was visible on the release topic to this bench's consumer
     * @param instanceMs until each scorer instance scored with it (its own rollout timer)
     * @param wsMs       until the first live WebSocket frame carrying it arrived at the bench's client
     */
    record Change(int index, int version, long commitMillis, double cdcMs, List<Double> instanceMs, double wsMs) {
        Change {
            instanceMs = List.copyOf(instanceMs);
        }

        /** Until the last instance scored with it: every instance serving it. */
        double everyInstanceMs() {
            return instanceMs.stream().mapToDouble(Double::doubleValue).max().orElse(0);
        }
    }

    /**
     * CPU over the measured changes: the machine's busy cores, each process of the run (broker, bench JVM, services),
     * and what other programs used, the embedded PostgreSQL's server processes among them (they are not the JVM's
     * children). Latency on a saturated machine measures the queue for its cores as much as the code.
     */
    record Cpu(double seconds, double machineCores, double otherCores, List<ProcessUsage> processes) {
        Cpu {
            processes = List.copyOf(processes);
        }
    }

    RolloutReport {
        instances = List.copyOf(instances);
        changes = List.copyOf(changes);
    }

    Latency cdc() {
        return ofMillis(changes.stream().map(Change::cdcMs).toList());
    }

    Latency instance(int i) {
        return ofMillis(changes.stream().map(c -> c.instanceMs().get(i)).toList());
    }

    Latency everyInstance() {
        return ofMillis(changes.stream().map(Change::everyInstanceMs).toList());
    }

    Latency webSocket() {
        return ofMillis(changes.stream().map(Change::wsMs).toList());
    }

    boolean goalMet() {
        return !changes.isEmpty() && everyInstance().p99Ms() <= GOAL_EVERY_INSTANCE_P99_MS;
    }

    private static Latency ofMillis(List<Double> millis) {
        Histogram micros = Latency.newHistogram();
        millis.forEach(ms -> micros.recordValue(Math.max(0, Math.min(Math.round(ms * 1000), Latency.HIGHEST_MICROS))));
        return Latency.of(micros);
    }

    void write(Path folder) throws IOException {
        Files.createDirectories(folder);
        Files.writeString(folder.resolve(ReportWriter.JSON_FILE), json());
        Files.writeString(folder.resolve(ReportWriter.MARKDOWN_FILE), markdown());
    }

    String json() {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("started", started.toString());
        root.put("finished", finished.toString());
        root.put("machine", new TreeMap<>(machine));
        root.put("settings", new TreeMap<>(settings));
        root.put("load", Map.of("before", loadBefore, "after", loadAfter));
        root.put("instances", instances);
        Map<String, Object> latency = new LinkedHashMap<>();
        latency.put("commitToReleaseTopic", ReportWriter.latency(cdc()));
        for (int i = 0; i < instances.size(); i++) {
            latency.put("commitToInstance." + instances.get(i), ReportWriter.latency(instance(i)));
        }
        latency.put("commitToEveryInstance", ReportWriter.latency(everyInstance()));
        latency.put("commitToFirstWebSocketFrame", ReportWriter.latency(webSocket()));
        root.put("latency", latency);
        root.put("cpu", ReportWriter.ordered("seconds", cpu.seconds(), "machineCores", cpu.machineCores(),
                "otherCores", cpu.otherCores(), "processes", cpu.processes().stream().map(p -> ReportWriter.ordered(
                        "name", p.name(), "cores", p.cores(), "rssKb", p.rssKb())).toList()));
        root.put("goal", ReportWriter.ordered("commitToEveryInstanceP99Ms", "<= " + GOAL_EVERY_INSTANCE_P99_MS,
                "met", goalMet()));
        root.put("changes", changes.stream().map(c -> ReportWriter.ordered("index", c.index(), "version",
                c.version(), "commitMillis", c.commitMillis(), "cdcMs", c.cdcMs(), "instanceMs", c.instanceMs(),
                "everyInstanceMs", c.everyInstanceMs(), "wsMs", c.wsMs())).toList());
        return Json.write(root);
    }

    String markdown() {
        StringBuilder b = new StringBuilder("# Model rollout: release commit to serving\n\n");
        b.append(String.format(Locale.ROOT, "%s to %s, %d release changes measured (%s).%n%n", started, finished,
                changes.size(), settings.getOrDefault("changes", "")));
        Latency every = everyInstance();
        b.append(String.format(Locale.ROOT, "**Commit to every scorer instance serving it: p99 %.1f ms** (goal <= %.0f "
                + "ms: %s); to the first WebSocket frame carrying it: p99 %.1f ms.%n%n", every.p99Ms(),
                GOAL_EVERY_INSTANCE_P99_MS, goalMet() ? "met" : "NOT met", webSocket().p99Ms()));
        b.append("| from the commit in PostgreSQL to | n | p50 ms | p99 ms | max ms |\n|---|---|---|---|---|\n");
        row(b, "its record on " + settings.getOrDefault("topic", "the release topic") + " (CDC)", cdc());
        for (int i = 0; i < instances.size(); i++) {
            row(b, "scorer " + instances.get(i) + " serving it", instance(i));
        }
        row(b, "every scorer instance serving it", every);
        row(b, "the first live WebSocket frame with its version", webSocket());
        b.append(String.format(Locale.ROOT, "%nCPU over the %.0f s of measured changes (%s cores): %.2f cores busy; ",
                cpu.seconds(), machine.getOrDefault("cores", "?"), cpu.machineCores()));
        cpu.processes().forEach(p -> b.append(String.format(Locale.ROOT, "%s %.2f, ", p.name(), p.cores())));
        b.append(String.format(Locale.ROOT, "other programs (the embedded PostgreSQL among them) %.2f.%n",
                cpu.otherCores()));
        b.append("\n## Settings\n\n");
        new TreeMap<>(settings).forEach((k, v) -> b.append("- ").append(k).append(": ").append(v).append('\n'));
        b.append("\n## Machine\n\n");
        new TreeMap<>(machine).forEach((k, v) -> b.append("- ").append(k).append(": ").append(v).append('\n'));
        b.append("- load before: ").append(loadBefore).append(", after: ").append(loadAfter).append('\n');
        b.append("\n## Every change\n\n| # | version | CDC ms |");
        instances.forEach(name -> b.append(' ').append(name).append(" ms |"));
        b.append(" WebSocket ms |\n|---|---|---|");
        instances.forEach(name -> b.append("---|"));
        b.append("---|\n");
        for (Change c : changes) {
            b.append(String.format(Locale.ROOT, "| %d | v%d | %.1f |", c.index(), c.version(), c.cdcMs()));
            c.instanceMs().forEach(ms -> b.append(String.format(Locale.ROOT, " %.1f |", ms)));
            b.append(String.format(Locale.ROOT, " %.1f |%n", c.wsMs()));
        }
        return b.toString();
    }

    private static void row(StringBuilder b, String what, Latency l) {
        b.append(String.format(Locale.ROOT, "| %s | %d | %.1f | %.1f | %.1f |%n", what, l.count(), l.p50Ms(),
                l.p99Ms(), l.maxMs()));
    }

}
