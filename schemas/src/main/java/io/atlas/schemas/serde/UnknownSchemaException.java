package io.atlas.schemas.serde;

/**
 * A well-formed single-object payload whose schema fingerprint is not a released version of the expected record:
 * written by a newer, unreleased schema, or a different record type on the wrong topic.
 */
public class UnknownSchemaException extends UndecodableRecordException {

    private static final long serialVersionUID = 1L;

    private final long fingerprint;

    UnknownSchemaException(String topic, int partition, long offset, String recordName, long fingerprint,
                           Throwable cause) {
        super(topic, partition, offset, "unknown schema fingerprint " + hex(fingerprint)
                + " (not a released version of " + recordName + ")", cause);
        this.fingerprint = fingerprint;
    }

    /** The CRC-64-AVRO fingerprint found in the payload header. */
    public long fingerprint() {
        return fingerprint;
    }

    /** The fingerprint as 16 lower-case hex digits, as it appears in the message. */
    public static String hex(long fingerprint) {
        return String.format("%016x", fingerprint);
    }
}
