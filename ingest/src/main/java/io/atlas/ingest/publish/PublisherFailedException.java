package io.atlas.ingest.publish;

/**
 * Thrown by {@link TickPublisher#publish} once a send has failed for good (after the producer's own retries, within
 * {@code delivery.timeout.ms}): that tick's sequence number is lost, so publishing more for any symbol would leave a
 * gap downstream. The publisher refuses everything after the first failure; close it and start a new one (which
 * numbers above it, as a new producer session).
 */
public final class PublisherFailedException extends IllegalStateException {

    private static final long serialVersionUID = 1L;

    PublisherFailedException(Throwable cause) {
        super("The tick publisher failed and accepts no more ticks: " + cause, cause);
    }
}
