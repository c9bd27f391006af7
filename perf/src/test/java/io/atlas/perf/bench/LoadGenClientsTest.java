package io.atlas.perf.bench;

import io.atlas.local.kafka.FreePort;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The load generator started as the bench starts it, a JVM of its own driven through its stdin and stdout, against a
 * port where no gateway listens: what is checked is the child, its arguments, its pipes and its log, not the clients
 * (the control mode's clients meet a real gateway in LoadGenCommandTest).
 */
class LoadGenClientsTest {

    @TempDir
    Path logs;

    private BenchContext bench() {
        // Starting children needs only the logs folder: no broker, no step timing.
        return new BenchContext(null, null, logs, null, new PrintWriter(new StringWriter()), false);
    }

    private static URI nothingListening() {
        return URI.create("ws://127.0.0.1:" + FreePort.find() + "/ws");
    }

    @Test
    void shouldDriveTheLoadGeneratorInAJvmOfItsOwnUntilItQuits() throws Exception {
        LoadGenClients clients = LoadGenClients.start(bench(), nothingListening(), 0, ProcessHandle.current().pid());
        try {
            clients.reset();
            clients.ensureAlive();

            assertThat(clients.soFar().getTotalCount()).isZero();
            assertThat(clients.frames()).isZero();
            assertThat(clients.child().watched().name()).isEqualTo(LoadGenClients.NAME);
            assertThat(clients.child().watched().pid()).isNotEqualTo(ProcessHandle.current().pid());
        } finally {
            clients.close();
        }

        assertThat(clients.child().jvm().isAlive()).isFalse();
        assertThat(clients.child().jvm().awaitExit(java.time.Duration.ZERO)).isZero();
        assertThat(logs.resolve(LoadGenClients.NAME + ".log")).content().contains("loadgen: gateway given");
    }

    @Test
    void shouldFailNamingItsLogWhenAClientCannotConnect() {
        assertThatThrownBy(() -> LoadGenClients.start(bench(), nothingListening(), 1, ProcessHandle.current().pid()))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("holds 0 of 1")
                .hasMessageContaining(logs.resolve(LoadGenClients.NAME + ".log").toString());
    }
}
