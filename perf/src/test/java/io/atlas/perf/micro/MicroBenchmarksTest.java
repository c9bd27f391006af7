package io.atlas.perf.micro;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class MicroBenchmarksTest {

    @TempDir
    Path folder;

    /** One benchmark, quick: JMH finds the generated benchmarks and forks a JVM that can load them. */
    @Test
    void shouldRunABenchmarkInAForkAndKeepJmhsJson() throws Exception {
        List<MicroResult> results = MicroBenchmarks.run(folder, true, "SerdeBenchmark.encodeTick");

        assertThat(results).singleElement().satisfies(r -> {
            assertThat(r.benchmark()).isEqualTo("SerdeBenchmark.encodeTick");
            assertThat(r.mode()).isEqualTo("thrpt");
            assertThat(r.unit()).isEqualTo("ops/s");
            assertThat(r.score()).isPositive();
        });
        assertThat(Files.readString(folder.resolve(MicroBenchmarks.JSON_FILE)))
                .contains("\"benchmark\" : \"io.atlas.perf.micro.SerdeBenchmark.encodeTick\"");
    }

    @Test
    void shouldRenderOneRowPerResultWithParamsAndError() {
        String markdown = MicroBenchmarks.markdown(List.of(
                new MicroResult("GatewayBenchmark.dispatch", Map.of("connections", "1000"), "thrpt", 4523.4, 120.9,
                        "ops/s"),
                new MicroResult("InferenceBenchmark.scoreCompiled", Map.of(), "thrpt", 18_701_345.2, Double.NaN,
                        "ops/s"),
                new MicroResult("SerdeBenchmark.encodeTick", Map.of(), "avgt", 1.23456, 0.0123, "us/op")));

        assertThat(markdown.lines()).containsExactly(
                "| benchmark | params | mode | score | ± error (99.9 %) | unit |",
                "|---|---|---|---|---|---|",
                "| `GatewayBenchmark.dispatch` | connections=1000 | thrpt | 4,523 | 121 | ops/s |",
                "| `InferenceBenchmark.scoreCompiled` | – | thrpt | 18,701,345 | – | ops/s |",
                "| `SerdeBenchmark.encodeTick` | – | avgt | 1.23 | 0.0123 | us/op |");
    }
}
