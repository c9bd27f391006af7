package io.atlas.ingest.cdc;

/** A captured change Atlas cannot turn into a record of its contract; the CDC handler logs, counts and skips it. */
public final class UnmappableChangeException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public UnmappableChangeException(String message) {
        super(message);
    }
}
