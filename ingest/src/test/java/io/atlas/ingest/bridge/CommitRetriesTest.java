package io.atlas.ingest.bridge;

import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.errors.TimeoutException;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CommitRetriesTest {

    private final List<TimeoutException> told = new ArrayList<>();

    /** A commit that times out {@code times} times, then completes. */
    private static Runnable timingOut(int times, int[] calls) {
        return () -> {
            if (calls[0]++ < times) {
                throw new TimeoutException("Timeout expired after 60000ms while awaiting EndTxn(true)");
            }
        };
    }

    @Test
    void shouldCommitAgainAfterATimeoutUntilTheCommitCompletes() {
        int[] calls = {0};

        CommitRetries.commit(timingOut(2, calls), () -> false, told::add);

        assertThat(calls[0]).isEqualTo(3);
        assertThat(told).hasSize(2);
    }

    @Test
    void shouldGiveUpOnATimeoutWhileClosing() {
        int[] calls = {0};

        assertThatThrownBy(() -> CommitRetries.commit(timingOut(5, calls), () -> true, told::add))
                .isInstanceOf(TimeoutException.class);
        assertThat(calls[0]).isEqualTo(1);
        assertThat(told).isEmpty();
    }

    @Test
    void shouldLetAnyOtherErrorThrough() {
        assertThatThrownBy(() -> CommitRetries.commit(() -> {
            throw new ProducerFencedException("fenced");
        }, () -> false, told::add)).isInstanceOf(ProducerFencedException.class);
        assertThat(told).isEmpty();
    }
}
