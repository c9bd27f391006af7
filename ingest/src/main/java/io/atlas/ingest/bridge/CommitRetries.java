package io.atlas.ingest.bridge;

import org.apache.kafka.common.errors.TimeoutException;

import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * Committing a Kafka transaction until it is done. A {@code commitTransaction} that outlasts {@code max.block.ms}
 * throws {@link TimeoutException} with the outcome unknown; the producer then allows only the same call again (an
 * abort is refused with {@link IllegalStateException}), and the retried call completes the commit it started.
 */
final class CommitRetries {

    private CommitRetries() {
    }

    /**
     * Runs {@code commit} until it returns, telling {@code onTimeout} of each timeout first; a timeout once
     * {@code closing} says so is thrown, so that closing is never held up by an unreachable coordinator.
     */
    static void commit(Runnable commit, BooleanSupplier closing, Consumer<TimeoutException> onTimeout) {
        while (true) {
            try {
                commit.run();
                return;
            } catch (TimeoutException e) {
                if (closing.getAsBoolean()) {
                    throw e;
                }
                onTimeout.accept(e);
            }
        }
    }
}
