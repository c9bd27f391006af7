package io.atlas.inference.model;

/**
 * A model release the scorer refuses to load; {@link #reason()} is a short machine-readable code used as a metric
 * tag, the message says what was wrong.
 */
public final class RejectedReleaseException extends Exception {

    private final String reason;

    public RejectedReleaseException(String reason, String message) {
        super(message);
        this.reason = reason;
    }

    public RejectedReleaseException(String reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = reason;
    }

    /** One of {@code NO_BYTES}, {@code DIGEST_MISMATCH}, {@code FEATURE_MISMATCH}, {@code BAD_HORIZON},
     * {@code UNKNOWN_ALGORITHM}, {@code UNLOADABLE}. */
    public String reason() {
        return reason;
    }
}
