package io.atlas.schemas.serde;

import io.atlas.schemas.AvroTrust;
import io.atlas.schemas.SchemaReleases;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.SchemaNormalization;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.message.BadHeaderException;
import org.apache.avro.message.BinaryMessageDecoder;
import org.apache.avro.message.BinaryMessageEncoder;
import org.apache.avro.message.MissingSchemaException;
import org.apache.avro.message.SchemaStore;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.utils.ByteBufferOutputStream;

/**
 * Writes records of one contract type as Avro single-object encoding and reads them back, from any released version.
 *
 * <p>A payload is {@code C3 01}, the writer schema's 8-byte little-endian CRC-64-AVRO fingerprint, then the Avro
 * binary datum. The decoder resolves the fingerprint against a {@link SchemaStore.Cache} holding every released
 * version of the record (see {@link SchemaReleases}) and converts to the current compiled class. Thread-safe: Avro's
 * message encoder and decoder keep their buffers per thread and parse no schema per record. {@code null} maps to
 * {@code null} both ways so tombstones on compacted topics pass through.
 *
 * @param <T> the generated record class
 */
public final class AvroSerde<T extends SpecificRecord> implements Serde<T> {

    private static final int FINGERPRINT_OFFSET = 2;
    private static final int HEADER_BYTES = FINGERPRINT_OFFSET + Long.BYTES;
    private static final int UNKNOWN = -1;

    static {
        AvroTrust.trustEventClasses();
    }

    private final Schema schema;
    private final SpecificData model;
    private final byte[] header;
    private final BinaryMessageEncoder<T> encoder;
    private final BinaryMessageDecoder<T> decoder;
    private final Serializer<T> serializer = (topic, record) -> encode(record);
    private final Deserializer<T> deserializer = (topic, payload) -> decode(topic, UNKNOWN, UNKNOWN, payload);

    private AvroSerde(Class<T> type, List<Schema> releases) {
        // A model of our own with custom coders on: the generated customEncode/customDecode write and read fields
        // directly (no boxing, no per-field schema lookups). Avro leaves them off in its shared models unless a
        // system property turns them on; SerdeBenchmark measures the difference.
        this.model = new SpecificData(type.getClassLoader());
        model.setCustomCoders(true);
        this.schema = model.getSchema(type);
        this.header = ByteBuffer.allocate(HEADER_BYTES).order(ByteOrder.LITTLE_ENDIAN).put((byte) 0xC3).put((byte) 0x01)
                .putLong(SchemaNormalization.parsingFingerprint64(schema)).array();
        SchemaStore.Cache store = new SchemaStore.Cache();
        releases.forEach(store::addSchema);
        // Copy out the encoded bytes: callers keep them beyond the next encode on this thread.
        this.encoder = new BinaryMessageEncoder<>(model, schema, true);
        this.decoder = new BinaryMessageDecoder<>(model, schema, store);
    }

    /** A serde for {@code type} that reads every version released under {@link SchemaReleases#ROOT}. */
    public static <T extends SpecificRecord> AvroSerde<T> of(Class<T> type) {
        return new AvroSerde<>(type, SchemaReleases.of(type.getSimpleName()));
    }

    /** The current schema: the one records are written with and decoded into. */
    public Schema schema() {
        return schema;
    }

    /**
     * The single-object encoding of {@code record}, or {@code null} for {@code null}.
     *
     * @throws SerializationException when the record does not fit its schema (e.g. a required field is null)
     */
    public byte[] encode(T record) {
        if (record == null) {
            return null;
        }
        try {
            ByteBuffer encoded = encoder.encode(record);
            if (encoded.hasArray() && encoded.arrayOffset() == 0 && encoded.remaining() == encoded.array().length) {
                return encoded.array();
            }
            byte[] bytes = new byte[encoded.remaining()];
            encoded.get(bytes);
            return bytes;
        } catch (IOException | RuntimeException e) {
            throw new SerializationException("Cannot encode " + schema.getName() + ": " + e.getMessage(), e);
        }
    }

    /** The single-object header every record this serde writes starts with: {@code C3 01} and the fingerprint. */
    public byte[] header() {
        return header.clone();
    }

    /** A single-object encoder for one thread at a time, reusing its buffer and Avro encoder between records. */
    public Writer writer() {
        return new Writer();
    }

    /** Decodes the value of a raw consumer record; errors carry its topic, partition and offset. */
    public T decode(ConsumerRecord<byte[], byte[]> record) {
        return decode(record.topic(), record.partition(), record.offset(), record.value());
    }

    /**
     * Decodes {@code payload} read from {@code topic}, or returns {@code null} for {@code null}.
     *
     * @throws UnknownSchemaException when the fingerprint is not a released version of this record
     * @throws CorruptPayloadException when the bytes are not a valid single-object encoding
     */
    public T decode(String topic, int partition, long offset, byte[] payload) {
        if (payload == null) {
            return null;
        }
        ByteArrayInputStream in = new ByteArrayInputStream(payload);
        T record;
        try {
            record = decoder.decode(in, null);
        } catch (MissingSchemaException e) {
            throw new UnknownSchemaException(topic, partition, offset, schema.getName(), fingerprintOf(payload), e);
        } catch (BadHeaderException e) {
            throw new CorruptPayloadException(topic, partition, offset, "bad single-object header: " + e.getMessage(),
                    e);
        } catch (IOException | RuntimeException e) {
            throw new CorruptPayloadException(topic, partition, offset, "malformed " + schema.getName() + " datum: "
                    + rootMessage(e), e);
        }
        // Avro stops after the datum; leftover bytes mean the payload is not what its header claims.
        if (in.available() > 0) {
            throw new CorruptPayloadException(topic, partition, offset, in.available() + " trailing bytes after the "
                    + schema.getName() + " datum", null);
        }
        return record;
    }

    @Override
    public Serializer<T> serializer() {
        return serializer;
    }

    @Override
    public Deserializer<T> deserializer() {
        return deserializer;
    }

    /**
     * Writes records as {@link #encode} does, for a loop that owns it (a stream processor): its buffer and encoder
     * are reused from record to record instead of being looked up per thread on every call. Not thread-safe.
     */
    public final class Writer {

        private final ByteBufferOutputStream out = new ByteBufferOutputStream(256);
        private final SpecificDatumWriter<T> datum = new SpecificDatumWriter<>(schema, model);
        private BinaryEncoder avro;

        private Writer() {
        }

        /**
         * The single-object encoding of {@code record}.
         *
         * @throws SerializationException when the record does not fit its schema (e.g. a required field is null)
         */
        public byte[] encode(T record) {
            out.position(0);
            out.write(header, 0, header.length);
            avro = EncoderFactory.get().directBinaryEncoder(out, avro);
            try {
                datum.write(record, avro);
            } catch (IOException | RuntimeException e) {
                throw new SerializationException("Cannot encode " + schema.getName() + ": " + e.getMessage(), e);
            }
            return Arrays.copyOf(out.buffer().array(), out.position());
        }
    }

    // Only called once Avro has read a whole header, so the fingerprint bytes are there.
    private static long fingerprintOf(byte[] payload) {
        return ByteBuffer.wrap(payload, FINGERPRINT_OFFSET, Long.BYTES).order(ByteOrder.LITTLE_ENDIAN).getLong();
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getMessage() == null ? root.getClass().getSimpleName()
                : root.getClass().getSimpleName() + ": " + root.getMessage();
    }
}
