package io.atlas.perf.micro;

import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.results.format.ResultFormatType;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Runs the hot-path micro-benchmarks of this package through JMH's Runner, one forked JVM per benchmark, writes JMH's
 * own JSON to {@code micro.json} in the results folder and returns one {@link MicroResult} per benchmark and
 * parameter set; renders them as Markdown for the reports.
 */
public final class MicroBenchmarks {

    public static final String JSON_FILE = "micro.json";
    private static final String ALL = ".*";
    private static final String PACKAGE = MicroBenchmarks.class.getPackageName() + ".";

    /**
     * Iterations and their length. Full: about 4 minutes for the whole suite on 2 cores, most of it warm-up and
     * measurement; quick: about a minute and a half, for a first look.
     */
    private record Timing(int warmups, int warmupSeconds, int measurements, int measurementSeconds) {
        static final Timing FULL = new Timing(3, 2, 5, 2);
        static final Timing QUICK = new Timing(1, 1, 2, 1);
    }

    private MicroBenchmarks() {
    }

    /** Runs every benchmark of this package; {@code quick}: fewer and shorter iterations. */
    public static List<MicroResult> run(Path resultsFolder, boolean quick) throws IOException, RunnerException {
        return run(resultsFolder, quick, ALL);
    }

    /**
     * Runs the benchmarks of this package whose {@code package.Class.method} name matches {@code include} (a regular
     * expression, found anywhere in the name as JMH does).
     */
    public static List<MicroResult> run(Path resultsFolder, boolean quick, String include)
            throws IOException, RunnerException {
        Files.createDirectories(resultsFolder);
        Timing timing = quick ? Timing.QUICK : Timing.FULL;
        Options options = new OptionsBuilder()
                .include(include)
                // Other packages of perf hold JMH benchmarks of their own; this suite is this package's.
                .exclude("^(?!" + Pattern.quote(PACKAGE) + ")")
                .mode(Mode.Throughput)
                .timeUnit(TimeUnit.SECONDS)
                .forks(1)
                .threads(1)
                .warmupIterations(timing.warmups())
                .warmupTime(TimeValue.seconds(timing.warmupSeconds()))
                .measurementIterations(timing.measurements())
                .measurementTime(TimeValue.seconds(timing.measurementSeconds()))
                // The same heap for every run, so a figure does not move with the machine's default sizing.
                .jvmArgsAppend("-Xms512m", "-Xmx512m")
                .shouldFailOnError(true)
                .resultFormat(ResultFormatType.JSON)
                .result(resultsFolder.resolve(JSON_FILE).toString())
                .build();
        List<MicroResult> results = new ArrayList<>();
        for (RunResult run : new Runner(options).run()) {
            results.add(toResult(run));
        }
        // JMH's own order: by benchmark name, then each @Param in its declared order.
        return results;
    }

    private static MicroResult toResult(RunResult run) {
        BenchmarkParams params = run.getParams();
        Map<String, String> values = new TreeMap<>();
        for (String key : params.getParamsKeys()) {
            values.put(key, params.getParam(key));
        }
        return new MicroResult(params.getBenchmark().substring(PACKAGE.length()), values,
                params.getMode().shortLabel(), run.getPrimaryResult().getScore(),
                run.getPrimaryResult().getScoreError(), run.getPrimaryResult().getScoreUnit());
    }

    /** The results as a Markdown table: benchmark, parameters, score ± error and unit. */
    public static String markdown(List<MicroResult> results) {
        StringBuilder text = new StringBuilder("| benchmark | params | mode | score | ± error (99.9 %) | unit |\n")
                .append("|---|---|---|---|---|---|\n");
        for (MicroResult r : results) {
            text.append("| `").append(r.benchmark()).append("` | ").append(params(r.params())).append(" | ")
                    .append(r.mode()).append(" | ").append(number(r.score())).append(" | ")
                    .append(number(r.error())).append(" | ").append(r.unit()).append(" |\n");
        }
        return text.toString();
    }

    private static String params(Map<String, String> params) {
        if (params.isEmpty()) {
            return "–";
        }
        return new TreeMap<>(params).entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                .collect(Collectors.joining(", "));
    }

    /** Whole numbers with separators from 100 up, three significant digits below. */
    public static String number(double value) {
        if (Double.isNaN(value)) {
            return "–";
        }
        return Math.abs(value) >= 100 ? String.format(Locale.ROOT, "%,.0f", value)
                : String.format(Locale.ROOT, "%.3g", value);
    }
}
