package io.atlas.keda.simulation;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;

class SimulateScalingTest {

    @ParameterizedTest
    @ValueSource(strings = {"ingest-bridge", "inference-stream"})
    void shouldMatchTheCommittedReportAndChart(String application, @TempDir Path out) throws IOException {
        StringWriter printed = new StringWriter();
        CommandLine command = new CommandLine(new SimulateScaling());
        command.setOut(new PrintWriter(printed));

        int exit = command.execute("--application", application, "--out", out.toString());

        assertThat(exit).isZero();
        assertThat(printed.toString()).contains("# Scaling simulation: " + application);
        for (String file : new String[] {"scaling-simulation-" + application + ".md",
                "scaling-simulation-" + application + ".svg"}) {
            assertThat(Files.readString(out.resolve(file))).as("keda/docs/" + file + " differs: re-run the simulation")
                    .isEqualTo(Files.readString(Path.of("docs", file)));
        }
    }
}
