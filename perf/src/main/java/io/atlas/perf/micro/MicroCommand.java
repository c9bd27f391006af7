package io.atlas.perf.micro;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code ./atlas bench micro}: the JMH hot-path benchmarks alone, into a folder with micro.json and micro.md. */
@Command(name = "bench micro", mixinStandardHelpOptions = true,
        description = "JMH micro-benchmarks of the hot paths (serde, feature update, scoring, gateway encode and "
                + "dispatch), one forked JVM each; writes micro.json (JMH's) and micro.md.")
public final class MicroCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    public static final String MARKDOWN_FILE = "micro.md";

    @Option(names = "--quick", description = "1 warm-up and 2 measured iterations of 1 s (about 1.5 minutes in all; "
            + "default: 3 warm-ups and 5 measured iterations of 2 s, about 4 minutes).")
    boolean quick;

    @Option(names = "--out", description = "Results folder (default perf/results/<UTC timestamp>-micro).")
    Path out;

    @Option(names = "--include", defaultValue = ".*", description = "Only the benchmarks whose class.method "
            + "matches this regular expression (e.g. Serde, GatewayBenchmark.dispatch); default: all.")
    String include;

    public static void main(String[] args) {
        System.exit(new CommandLine(new MicroCommand()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        Instant started = Instant.now();
        Path results = out != null ? out : Path.of("perf", "results",
                DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC).format(started)
                        + "-micro");
        List<MicroResult> rows = MicroBenchmarks.run(results, quick, include);
        String markdown = MicroBenchmarks.markdown(rows);
        Files.writeString(results.resolve(MARKDOWN_FILE), markdown);
        PrintWriter log = spec.commandLine().getOut();
        log.println();
        log.print(markdown);
        log.printf("%d results in %d s; wrote %s and %s%n", rows.size(),
                Duration.between(started, Instant.now()).toSeconds(), results.resolve(MicroBenchmarks.JSON_FILE),
                MARKDOWN_FILE);
        return rows.isEmpty() ? 1 : 0;
    }
}
