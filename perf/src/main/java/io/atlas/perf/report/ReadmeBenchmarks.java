package io.atlas.perf.report;

import com.fasterxml.jackson.databind.JsonNode;

import io.atlas.local.launch.ReadmeTables;
import io.atlas.perf.micro.MicroBenchmarks;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * {@code ./atlas bench readme [RESULTS_DIR]}: rewrites README.md's benchmark block (between
 * {@code <!-- generated: ./atlas bench readme -->} and {@code <!-- end generated -->}) from a bench run's
 * {@code results.json}, by default the newest run under {@code perf/results}: the run's date and machine, a table per
 * delivery guarantee, the ratios against their goals, the micro-benchmarks, and links to the charts and the folder.
 */
@Command(name = "bench readme", mixinStandardHelpOptions = true,
        description = "Rewrite README.md's benchmark block from a bench run's results.json "
                + "(default: the newest run under perf/results).")
public final class ReadmeBenchmarks implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    static final String BLOCK = "bench readme";

    @Parameters(arity = "0..1", paramLabel = "RESULTS_DIR", description = "A bench run's results folder.")
    Path results;

    @Option(names = "--runs", defaultValue = "perf/results",
            description = "Where bench runs are, for the default RESULTS_DIR (default ${DEFAULT-VALUE}).")
    Path runs;

    @Option(names = "--readme", defaultValue = "README.md", description = "The README to rewrite "
            + "(default ${DEFAULT-VALUE}); links in the block are relative to its folder.")
    Path readme;

    public static void main(String[] args) {
        System.exit(new CommandLine(new ReadmeBenchmarks()).execute(args));
    }

    @Override
    public Integer call() throws IOException {
        Path folder = results != null ? results : newestRun(runs);
        RunResults run = RunResults.read(folder);
        Path base = readme.toAbsolutePath().getParent();
        String block = markdown(run, base.relativize(folder.toAbsolutePath()).toString().replace('\\', '/'));
        Files.writeString(readme, ReadmeTables.replaceBlock(Files.readString(readme), BLOCK, block));
        spec.commandLine().getOut().println("README block rewritten from " + folder.resolve(RunResults.JSON_FILE));
        return 0;
    }

    /** The folder under {@code runs} whose results.json was written last. */
    static Path newestRun(Path runs) throws IOException {
        if (!Files.isDirectory(runs)) {
            throw new IllegalArgumentException("no bench runs: " + runs + " does not exist (run ./atlas bench)");
        }
        try (Stream<Path> folders = Files.list(runs)) {
            return folders.filter(f -> Files.isRegularFile(f.resolve(RunResults.JSON_FILE)))
                    .max(Comparator.comparing(ReadmeBenchmarks::writtenAt))
                    .orElseThrow(() -> new IllegalArgumentException("no folder under " + runs + " has a "
                            + RunResults.JSON_FILE + " (run ./atlas bench)"));
        }
    }

    private static FileTime writtenAt(Path folder) {
        try {
            return Files.getLastModifiedTime(folder.resolve(RunResults.JSON_FILE));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The block's Markdown for {@code run}, whose folder is {@code link} relative to the README. */
    static String markdown(RunResults run, String link) {
        StringBuilder text = new StringBuilder();
        heading(text, run, link);
        baselines(text, run.root());
        drains(text, run.root().path("drains"));
        for (String guarantee : run.guarantees()) {
            guaranteeTable(text, run, guarantee);
        }
        ratios(text, run.root().path("ratios"));
        if (!run.micro().isEmpty()) {
            text.append("Micro-benchmarks (JMH, one thread, one fork each; `./atlas bench micro`):\n\n")
                    .append(MicroBenchmarks.markdown(run.micro()));
        }
        return text.toString().stripTrailing() + "\n";
    }

    private static void heading(StringBuilder text, RunResults run, String link) {
        String date = run.started() == null ? "undated"
                : run.started().atZone(ZoneOffset.UTC).toLocalDate().toString();
        text.append("Latest run: ").append(date).append(", ").append(machine(run.root().path("machine")));
        JsonNode load = run.root().path("load");
        if (load.has("before") || load.has("after")) {
            text.append("; load average ").append(oneMinute(load.path("before"))).append(" before, ")
                    .append(oneMinute(load.path("after"))).append(" after");
        }
        text.append(". Every figure, with per-process CPU, memory and GC: [`").append(link).append("/`](")
                .append(link).append("/) (`results.json`, `summary.md`). Charts: [throughput vs offered load](")
                .append(link).append('/').append(Charts.THROUGHPUT_FILE)
                .append("), [latency percentiles vs load](").append(link).append('/').append(Charts.LATENCY_FILE)
                .append("), [latency distribution](").append(link).append('/').append(Charts.DISTRIBUTION_FILE)
                .append(").\n\n");
    }

    private static void baselines(StringBuilder text, JsonNode root) {
        List<String> baselines = new ArrayList<>();
        JsonNode producer = root.path("producerPerformance");
        if (producer.has("recordsPerSecond")) {
            baselines.add("Kafka's ProducerPerformance " + count(producer.path("recordsPerSecond").asDouble())
                    + " records/s (p99 " + ms(producer.path("p99Ms").asDouble(Double.NaN)) + " ms)");
        }
        JsonNode consumer = root.path("consumerPerformance");
        if (consumer.has("recordsPerSecond")) {
            baselines.add("ConsumerPerformance " + count(consumer.path("recordsPerSecond").asDouble()) + " records/s");
        }
        if (!baselines.isEmpty()) {
            text.append("Baselines on the same broker: ").append(String.join("; ", baselines)).append(".\n\n");
        }
    }

    /** One backlog of ticks drained flat out by the copy loop, the Streams passthrough and the scorer. */
    private static void drains(StringBuilder text, JsonNode drains) {
        if (drains.isEmpty()) {
            return;
        }
        JsonNode first = drains.get(0);
        text.append("Drains of one backlog of ").append(count(first.path("backlog").asDouble()))
                .append(" simulated ticks, each stage in its own JVM, measured once its JIT settled:\n\n")
                .append("| stage | guarantee | threads | records/s | records per CPU-second | warm-up s |\n")
                .append("|---|---|---|---|---|---|\n");
        for (JsonNode d : drains) {
            text.append("| ").append(d.path("stage").asText()).append(" | ").append(d.path("guarantee").asText())
                    .append(" | ").append(d.path("threads").asInt()).append(" | ")
                    .append(count(d.path("recordsPerSecond").asDouble())).append(" | ")
                    .append(count(d.path("recordsPerCpuSecond").asDouble())).append(" | ")
                    .append(String.format(Locale.ROOT, "%.0f", d.path("warmupSeconds").asDouble()))
                    .append(d.path("warm").asBoolean() ? "" : " (**cold**)").append(" |\n");
        }
        text.append('\n');
    }

    private static void guaranteeTable(StringBuilder text, RunResults run, String guarantee) {
        text.append("**").append(guarantee.isEmpty() ? "delivery guarantee not recorded" : "`" + guarantee + "`")
                .append("**\n\n")
                .append("| stage | offered/s | achieved/s | p50 ms | p99 ms | p50 ms to WS client "
                        + "| p99 ms to WS client | sustained |\n")
                .append("|---|---|---|---|---|---|---|---|\n");
        for (RunResults.Phase p : run.phases()) {
            if (!p.guarantee().equals(guarantee)) {
                continue;
            }
            RunResults.Latency l = p.latency();
            RunResults.Latency ws = p.wsLatency();
            text.append("| ").append(p.stage()).append(" | ")
                    .append(p.flatOut() ? "flat out" : count(p.offeredPerSecond())).append(" | ")
                    .append(count(p.achievedPerSecond())).append(" | ")
                    .append(l == null ? "–" : ms(l.p50Ms())).append(" | ")
                    .append(l == null ? "–" : ms(l.p99Ms())).append(" | ")
                    .append(ws == null ? "–" : ms(ws.p50Ms())).append(" | ")
                    .append(ws == null ? "–" : ms(ws.p99Ms())).append(" | ")
                    .append(p.flatOut() ? "–" : p.sustained() ? "yes" : "**no**").append(" |\n");
        }
        text.append('\n');
    }

    private static void ratios(StringBuilder text, JsonNode ratios) {
        StringBuilder rows = new StringBuilder();
        for (Map.Entry<String, JsonNode> ratio : ratios.properties()) {
            if (ratio.getValue().has("value")) {
                ratioRow(rows, ratio.getKey(), "–", ratio.getValue());
            } else {
                // A ratio per guarantee; a run without the rates it needs has none.
                for (Map.Entry<String, JsonNode> byGuarantee : ratio.getValue().properties()) {
                    ratioRow(rows, ratio.getKey(), byGuarantee.getKey(), byGuarantee.getValue());
                }
            }
        }
        if (!rows.isEmpty()) {
            text.append("| ratio | guarantee | value | Atlas | bare Kafka | at | goal | met |\n")
                    .append("|---|---|---|---|---|---|---|---|\n").append(rows).append('\n');
        }
    }

    private static void ratioRow(StringBuilder text, String name, String guarantee, JsonNode r) {
        long at = r.path("offeredPerSecond").asLong(-1);
        JsonNode met = r.path("met");
        text.append("| ").append(name).append(" | ").append(guarantee).append(" | **").append(figure(r.path("value")))
                .append("** | ").append(figure(r.path("numerator"))).append(" | ")
                .append(figure(r.path("denominator"))).append(" | ")
                .append(at < 0 ? "–" : at == 0 ? "flat out" : count(at) + "/s").append(" | ")
                .append(figure(r.path("goal"))).append(" | ")
                .append(met.isBoolean() ? met.asBoolean() ? "yes" : "**no**" : "–").append(" |\n");
    }

    private static String machine(JsonNode machine) {
        List<String> parts = new ArrayList<>();
        if (machine.has("cores")) {
            parts.add(machine.path("cores").asText() + " cores");
        }
        if (machine.has("memory")) {
            String memory = machine.path("memory").asText();
            // /proc/meminfo's MemTotal, as the bench records it.
            Matcher kb = Pattern.compile("(\\d+) kB").matcher(memory);
            parts.add((kb.matches() ? String.format(Locale.ROOT, "%.1f GiB", Long.parseLong(kb.group(1)) / 1048576.0)
                    : memory) + " RAM");
        }
        if (machine.has("java.version")) {
            parts.add("Java " + machine.path("java.version").asText()
                    + (machine.has("java.vm") ? " (" + machine.path("java.vm").asText() + ")" : ""));
        }
        if (machine.has("os")) {
            parts.add(machine.path("os").asText());
        }
        if (machine.has("kafka.clients")) {
            parts.add("Kafka clients " + machine.path("kafka.clients").asText());
        }
        if (machine.has("cpu")) {
            parts.add(machine.path("cpu").asText());
        }
        if (machine.has("atlas.commit")) {
            parts.add("Atlas " + machine.path("atlas.commit").asText());
        }
        return parts.isEmpty() ? "machine not recorded" : String.join(", ", parts);
    }

    /** The 1-minute figure of a {@code /proc/loadavg} line. */
    private static String oneMinute(JsonNode loadavg) {
        String text = loadavg.asText("").trim();
        return text.isEmpty() ? "?" : text.split("\\s+")[0];
    }

    /** A number as the tables show it: whole with separators from 100 up, else three significant digits. */
    private static String figure(JsonNode value) {
        if (value.isNumber()) {
            return MicroBenchmarks.number(value.asDouble());
        }
        return value.isMissingNode() || value.isNull() ? "–" : value.asText();
    }

    private static String count(double perSecond) {
        return Double.isNaN(perSecond) ? "–" : String.format(Locale.ROOT, "%,.0f", perSecond);
    }

    private static String ms(double ms) {
        return Double.isNaN(ms) ? "–" : String.format(Locale.ROOT, "%.1f", ms);
    }
}
