package io.atlas.perf.bench;

import io.atlas.perf.wsload.ControlProtocol;

import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.PipedReader;
import java.io.PipedWriter;
import java.io.StringReader;
import java.io.StringWriter;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The bench's end of the load generator's control mode, fed the lines a load generator writes. */
class LoadGenControlTest {

    private static final String SOURCE = "loadgen (see logs/loadgen.log)";
    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    private static final String READY = "{\"ready\":true,\"held\":3}";
    private static final String OPENED = "{\"opened\":true,\"held\":3,\"closes\":{}}";

    private final StringWriter commands = new StringWriter();

    private LoadGenControl control(String... answers) {
        return new LoadGenControl(new StringReader(String.join("\n", answers) + "\n"), commands, SOURCE, TIMEOUT);
    }

    private static Histogram latencies(long... micros) {
        Histogram histogram = Latency.newHistogram();
        for (long value : micros) {
            histogram.recordValue(value);
        }
        return histogram;
    }

    private static String peek(long updates, Histogram latency, String closes) {
        return "{\"updates\":" + updates + ",\"frames\":" + (updates + 500) + ",\"tickLatencyHistogram\":\""
                + ControlProtocol.encode(latency) + "\",\"held\":3,\"closes\":" + closes + "}";
    }

    @Test
    void shouldReadTheWindowSoFarAsTheHistogramTheLoadGeneratorRecorded() {
        Histogram recorded = latencies(900, 1_250, 1_250, 48_000, 599_999_000);
        LoadGenControl control = control(READY, OPENED, peek(5, recorded, "{}"));

        control.awaitReady(3, TIMEOUT);
        control.open();
        LoadGenControl.SoFar soFar = control.peek();

        assertThat(soFar.latency()).isEqualTo(recorded);
        assertThat(Latency.of(soFar.latency())).isEqualTo(Latency.of(recorded));
        assertThat(soFar.updates()).isEqualTo(5);
        assertThat(commands.toString()).isEqualTo("open\npeek\n");
    }

    @Test
    void shouldSkipWhatTheJvmWritesToStdoutBesideTheAnswers() {
        LoadGenControl control = control("[0.012s][warning][os] a warning of the JVM", READY);

        assertThatCode(() -> control.awaitReady(3, TIMEOUT)).doesNotThrowAnyException();
    }

    @Test
    void shouldFailWhenNotEveryClientConnected() {
        LoadGenControl control = control("{\"ready\":true,\"held\":2}");

        assertThatThrownBy(() -> control.awaitReady(3, TIMEOUT)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("holds 2 of 3").hasMessageContaining(SOURCE);
    }

    @Test
    void shouldFailNamingTheLogWhenTheLoadGeneratorEndsBeforeItIsReady() {
        LoadGenControl control = control("");

        assertThatThrownBy(() -> control.awaitReady(3, TIMEOUT)).isInstanceOf(IllegalStateException.class)
                .hasMessage(SOURCE + " ended before its ready line");
    }

    @Test
    void shouldFailWhenNoAnswerComesInTime() throws IOException {
        PipedWriter silent = new PipedWriter();
        LoadGenControl control = new LoadGenControl(new PipedReader(silent), commands, SOURCE,
                Duration.ofMillis(100));

        assertThatThrownBy(control::open).isInstanceOf(IllegalStateException.class)
                .hasMessage(SOURCE + " gave no answer to 'open' within PT0.1S");
        silent.close();
    }

    @Test
    void shouldFailOnARefusedCommand() {
        LoadGenControl control = control(READY, "{\"error\":\"unknown command 'peek'\"}");
        control.awaitReady(3, TIMEOUT);

        assertThatThrownBy(control::peek).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("refused 'peek'");
    }

    @Test
    void shouldReportConnectionsAnAnswerSaidHadClosed() {
        LoadGenControl control = control(READY, OPENED, peek(1, latencies(1_000), "{\"1006\":1}"));
        control.awaitReady(3, TIMEOUT);
        control.open();
        control.ensureNoneClosed();

        control.peek();

        assertThatThrownBy(control::ensureNoneClosed).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("{\"1006\":1}").hasMessageContaining(SOURCE);
    }

    @Test
    void shouldSendQuitWithoutWaitingForAnAnswer() {
        LoadGenControl control = control(READY);
        control.awaitReady(3, TIMEOUT);

        control.quit();

        assertThat(commands.toString()).isEqualTo("quit\n");
    }
}
