package io.atlas.ingest.publish;

/**
 * Thrown by {@link TickPublisher#publish} when the in-flight budget stayed exhausted for the whole allowed wait: the
 * broker is not acknowledging as fast as ticks arrive. Nothing was sent and no sequence number was used, so the caller
 * may retry the same tick later, slow down, or drop it knowingly.
 */
public final class PublishRejectedException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String symbol;
    private final int inFlight;

    PublishRejectedException(String symbol, int inFlight, long waitedMillis) {
        super("Rejected a tick of " + symbol + ": " + inFlight + " records already in flight (the budget) and none "
                + "was acknowledged within " + waitedMillis + " ms; the broker is slower than the producer");
        this.symbol = symbol;
        this.inFlight = inFlight;
    }

    public String symbol() {
        return symbol;
    }

    /** Records awaiting acknowledgement when the tick was refused. */
    public int inFlight() {
        return inFlight;
    }
}
