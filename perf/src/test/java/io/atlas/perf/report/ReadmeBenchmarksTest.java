package io.atlas.perf.report;

import io.atlas.local.launch.ReadmeTables;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ReadmeBenchmarksTest {

    private static final String START = "<!-- generated: ./atlas bench readme -->";
    private static final String END = "<!-- end generated -->";

    @TempDir
    Path root;

    private Path run(String name) throws IOException {
        Path folder = Files.createDirectories(root.resolve("perf/results").resolve(name));
        ChartsTest.copyFixture(folder);
        return folder;
    }

    @Test
    void shouldRenderTheRunsDateMachineTablesRatiosMicroBenchmarksAndLinks() throws IOException {
        Path folder = run("20261128T100000Z");

        String block = ReadmeBenchmarks.markdown(RunResults.read(folder), "perf/results/20261128T100000Z");

        assertThat(block).startsWith("Latest run: 2026-11-28, 2 cores, 7.7 GiB RAM, Java 17.0.15 (OpenJDK")
                .contains("Kafka clients 4.3.1")
                .contains("load average 0.41 before, 2.91 after")
                .contains("[`perf/results/20261128T100000Z/`](perf/results/20261128T100000Z/)")
                .contains("[throughput vs offered load](perf/results/20261128T100000Z/throughput.png)")
                .contains("[latency distribution](perf/results/20261128T100000Z/distribution.png)")
                .contains("Baselines on the same broker: Kafka's ProducerPerformance 128,811 records/s (p99 98.0 ms)")
                .contains("Drains of one backlog of 8,000,000 simulated ticks")
                .contains("| copy-loop | none | 1 | 162,176 | 273,928 | 10 |")
                .contains("| streams-passthrough | exactly_once_v2 | 1 | 88,123 | 124,703 | 12 |")
                .contains("| inference-stream | exactly_once_v2 | 1 | 60,000 | 75,000 | 41 (**cold**) |")
                .contains("**`none`**", "**`exactly_once_v2`**", "**`at_least_once`**")
                .contains("| copy-loop | flat out | 162,176 | – | – | – | – | – |")
                .contains("| copy-loop | 10,000 | 10,004 | 3.1 | 31.7 | – | – | yes |")
                .contains("| pipeline | 10,000 | 9,999 | 124.0 | 395.8 | 126.3 | 401.1 | yes |")
                .contains("| pipeline | 50,000 | 31,241 | 2210.4 | 8012.0 | 2213.0 | 8020.5 | **no** |")
                .contains("| p99PipelineOverCopyLoop | exactly_once_v2 | **12.5** | 396 | 31.7 | 10,000/s | <= 5.0 "
                        + "| **no** |")
                .contains("| publisherOverProducerPerformance | – | **0.920** | 118,502 | 128,811 | flat out | >= 0.9 "
                        + "| yes |")
                .contains("| `GatewayBenchmark.dispatch` | connections=1000 | thrpt | 1,402 | 88.1 | ops/s |")
                .contains("| `SerdeBenchmark.decodeTick` | – | thrpt | 1,822,046 | – | ops/s |")
                .endsWith("|\n");
        // Each guarantee's table lists only its own phases.
        String eos = block.substring(block.indexOf("**`exactly_once_v2`**"), block.indexOf("**`at_least_once`**"));
        assertThat(eos).contains("| streams-passthrough | 50,000 |").doesNotContain("copy-loop")
                .doesNotContain("| 10,000 | 10,000 |");
    }

    @Test
    void shouldReplaceOnlyTheBenchmarkBlockOfTheReadme() throws IOException {
        Path folder = run("20261128T100000Z");
        String before = "# Atlas\n\n## Benchmarks\n\nintro\n\n" + START + "\nold figures\n" + END + "\n\n"
                + "<!-- generated: ./atlas topics -->\n| topic |\n" + END + "\n\n## Tests\nrest\n";
        Path readme = Files.writeString(root.resolve("README.md"), before);
        ReadmeBenchmarks command = new ReadmeBenchmarks();
        command.results = folder;
        command.readme = readme;
        new picocli.CommandLine(command).setOut(new java.io.PrintWriter(java.io.Writer.nullWriter()));

        command.call();

        String after = Files.readString(readme);
        String head = before.substring(0, before.indexOf(START) + START.length() + 1);
        String tail = before.substring(before.indexOf(END));
        assertThat(after).startsWith(head).endsWith(tail).doesNotContain("old figures")
                .contains("[`perf/results/20261128T100000Z/`](perf/results/20261128T100000Z/)");
        assertThat(after.substring(head.length(), after.length() - tail.length()))
                .isEqualTo(ReadmeBenchmarks.markdown(RunResults.read(folder), "perf/results/20261128T100000Z"));
    }

    @Test
    void shouldKeepTheRealReadmeIntactOutsideTheBlock() throws IOException {
        String readme = Files.readString(Path.of("..", "README.md"));

        String replaced = ReadmeTables.replaceBlock(readme, ReadmeBenchmarks.BLOCK, "new block\n");

        int start = readme.indexOf(START) + START.length() + 1;
        int end = readme.indexOf(END, start);
        assertThat(replaced).isEqualTo(readme.substring(0, start) + "new block\n" + readme.substring(end));
    }

    @Test
    void shouldPickTheRunWhoseResultsWereWrittenLast() throws IOException {
        Path older = run("zz-older-but-last-by-name");
        Path newer = run("20261128T100000Z");
        Files.setLastModifiedTime(older.resolve(RunResults.JSON_FILE), FileTime.from(Instant.parse(
                "2026-11-27T00:00:00Z")));
        Files.setLastModifiedTime(newer.resolve(RunResults.JSON_FILE), FileTime.from(Instant.parse(
                "2026-11-28T00:00:00Z")));
        Files.createDirectories(root.resolve("perf/results/20261129T000000Z-micro"));

        assertThat(ReadmeBenchmarks.newestRun(root.resolve("perf/results"))).isEqualTo(newer);
    }

    @Test
    void shouldRefuseWhenThereIsNoRun() throws IOException {
        Files.createDirectories(root.resolve("perf/results/only-micro"));

        assertThatThrownBy(() -> ReadmeBenchmarks.newestRun(root.resolve("perf/results")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("./atlas bench");
    }
}
