package io.atlas.drill.pipeline;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The kubelet's back-off between restarts of a service that keeps exiting, on an explicit clock. */
class RestartBackoffTest {

    private static final long SECOND = Duration.ofSeconds(1).toNanos();

    @Test
    void shouldRestartAtOnceThenAfter10SecondsDoublingUpTo5Minutes() {
        RestartBackoff backoff = new RestartBackoff();
        List<Long> delays = new ArrayList<>();
        long now = 0;
        for (int exit = 0; exit < 8; exit++) {
            Duration delay = backoff.next(now);
            delays.add(delay.toSeconds());
            now += delay.toNanos() + SECOND;
        }

        assertThat(delays).containsExactly(0L, 10L, 20L, 40L, 80L, 160L, 300L, 300L);
    }

    @Test
    void shouldRestartAtOnceAgainAfterRunning10MinutesSinceItsLastRestart() {
        RestartBackoff backoff = new RestartBackoff();
        backoff.next(0);
        Duration second = backoff.next(SECOND);
        long restarted = SECOND + second.toNanos();

        assertThat(backoff.next(restarted + RestartBackoff.RESET_AFTER.toNanos())).isZero();
        assertThat(backoff.next(restarted + RestartBackoff.RESET_AFTER.toNanos() + SECOND))
                .isEqualTo(RestartBackoff.FIRST_DELAY);
    }
}
