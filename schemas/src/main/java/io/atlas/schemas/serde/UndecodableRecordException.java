package io.atlas.schemas.serde;

import org.apache.kafka.common.errors.SerializationException;

/**
 * A record value that cannot be decoded into its contract type, with where it was read from.
 *
 * <p>Partition and offset are -1 when the decoder is not told them, as inside a Kafka {@code Deserializer}; there the
 * consumer wraps this exception in a {@code RecordDeserializationException} that carries them.
 */
public class UndecodableRecordException extends SerializationException {

    private static final long serialVersionUID = 1L;

    private final String topic;
    private final int partition;
    private final long offset;

    UndecodableRecordException(String topic, int partition, long offset, String problem, Throwable cause) {
        super("Cannot decode record from topic " + topic + " partition " + partition + " offset " + offset + ": "
                + problem, cause);
        this.topic = topic;
        this.partition = partition;
        this.offset = offset;
    }

    /** Topic the record was read from. */
    public String topic() {
        return topic;
    }

    /** Partition the record was read from, or -1 when unknown. */
    public int partition() {
        return partition;
    }

    /** Offset of the record, or -1 when unknown. */
    public long offset() {
        return offset;
    }
}
