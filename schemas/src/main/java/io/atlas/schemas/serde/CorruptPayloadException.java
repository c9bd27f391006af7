package io.atlas.schemas.serde;

/** A payload that is not a valid single-object encoded record: bad header, truncated, malformed or trailing bytes. */
public class CorruptPayloadException extends UndecodableRecordException {

    private static final long serialVersionUID = 1L;

    CorruptPayloadException(String topic, int partition, long offset, String problem, Throwable cause) {
        super(topic, partition, offset, problem, cause);
    }
}
