package io.atlas.gateway.session;

import io.atlas.local.kafka.FreePort;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The store against a real Redis (redis-server, which ./atlas test installs), started after the store. */
class RedisSessionStoreTest {

    @Test
    void shouldWaitForARedisThatIsNotAnsweringYetAtStart() throws Exception {
        int port = FreePort.find();
        ScheduledExecutorService later = Executors.newSingleThreadScheduledExecutor();
        // Redis comes up a few seconds after the gateway starts connecting, as after a node restart.
        ScheduledFuture<Process> redis = later.schedule(() -> new ProcessBuilder("redis-server", "--port",
                Integer.toString(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no")
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start(),
                3, TimeUnit.SECONDS);
        try (RedisSessionStore store = new RedisSessionStore("redis://127.0.0.1:" + port, 60)) {
            SessionState state = new SessionState(List.of(), Map.of(3, 41L));
            store.save("s-1", state);
            assertThat(store.load("s-1")).isEqualTo(Optional.of(state));
        } finally {
            redis.get(10, TimeUnit.SECONDS).destroy();
            later.shutdownNow();
        }
    }
}
