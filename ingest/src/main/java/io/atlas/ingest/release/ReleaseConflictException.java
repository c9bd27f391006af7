package io.atlas.ingest.release;

/**
 * A publish that would give a model version a second meaning: the version is already taken by other bytes, or
 * already holds these very bytes. Nothing was written; the message names the model, the version and the digests.
 */
public final class ReleaseConflictException extends Exception {

    public ReleaseConflictException(String message) {
        super(message);
    }
}
