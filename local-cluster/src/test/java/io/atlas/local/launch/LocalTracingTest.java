package io.atlas.local.launch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.atlas.ops.trace.TraceSettings;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Map;

class LocalTracingTest {

    @Test
    void shouldGiveEveryServiceTheConsoleExporterAtTheRatio() {
        assertThat(new LocalTracing(true, 0.25).serviceEnv()).isEqualTo(Map.of(
                TraceSettings.EXPORTER, "console", TraceSettings.SAMPLE_RATIO, "0.25"));
    }

    @Test
    void shouldLeaveTheServicesTracingVariablesAloneWithoutTrace() {
        assertThat(new LocalTracing(false, 1).serviceEnv()).isEmpty();
    }

    @Test
    void shouldRejectARatioAboveOne() {
        assertThatThrownBy(() -> new LocalTracing(true, 2)).hasMessageContaining("--trace-ratio");
    }

    @Test
    void shouldRefuseABadRatioOnTheCommandLineBeforeStartingAnything() {
        StringWriter err = new StringWriter();
        int exit = new CommandLine(new Atlas()).setErr(new PrintWriter(err))
                .execute("up", "--trace", "--trace-ratio", "1.5");

        assertThat(exit).isEqualTo(2);
        assertThat(err.toString()).contains("--trace-ratio must be within 0..1");
    }
}
