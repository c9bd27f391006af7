package io.atlas.drill.pipeline;

import io.atlas.local.kafka.FreePort;
import io.atlas.local.launch.ServiceProcess;
import io.atlas.local.launch.ServiceSpec;
import io.atlas.ops.OpsServer;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

/** Supervision of real child JVMs running {@link CrashOnceProgram}: what exits on its own, and what the drill ends. */
class SupervisorTest {

    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final int SIGKILL_EXIT_CODE = 128 + 9;

    @TempDir
    Path dir;

    private final BlockingQueue<Supervisor.Exit> exits = new LinkedBlockingQueue<>();

    private Supervisor supervisor(Path marker) {
        return new Supervisor(name -> ServiceProcess.start(new ServiceSpec(name, "drill",
                CrashOnceProgram.class.getName(), List.of(marker.toString()), OpsServer.READINESS, "32m", Map.of(), "",
                ""), System.getProperty("java.class.path"), FreePort.find(), Map.of(), dir), exits::add);
    }

    private Supervisor.Exit nextExit() throws InterruptedException {
        Supervisor.Exit exit = exits.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        assertThat(exit).as("an exit within " + WAIT).isNotNull();
        return exit;
    }

    @Test
    void shouldRestartAndCountAServiceThatExitedOnItsOwn() throws Exception {
        try (Supervisor supervisor = supervisor(dir.resolve("crashed"))) {
            ServiceProcess first = supervisor.launch("ingest-bridge");

            ServiceProcess restarted = supervisor.awaitRestart("ingest-bridge", first, WAIT);
            Supervisor.Exit exit = nextExit();

            assertThat(exit).isEqualTo(new Supervisor.Exit("ingest-bridge", CrashOnceProgram.CRASH_CODE,
                    dir.resolve("ingest-bridge.log"), true, Duration.ZERO));
            assertThat(restarted).isNotSameAs(first);
            assertThat(restarted.isAlive()).isTrue();
            assertThat(supervisor.running("ingest-bridge")).isSameAs(restarted);
            assertThat(supervisor.unexpectedExits()).containsExactly(entry("ingest-bridge", 1L));
        }
    }

    @Test
    void shouldNeitherCountNorRestartAServiceTheDrillKilled() throws Exception {
        Path marker = Files.createFile(dir.resolve("crashed"));
        try (Supervisor supervisor = supervisor(marker)) {
            supervisor.launch("ws-gateway-a");

            supervisor.take("ws-gateway-a").kill();
            Supervisor.Exit exit = nextExit();

            assertThat(exit.unexpected()).isFalse();
            assertThat(exit.code()).isEqualTo(SIGKILL_EXIT_CODE);
            assertThat(supervisor.running("ws-gateway-a")).isNull();
            assertThat(supervisor.unexpectedExits()).isEmpty();
        }
    }
}
