package io.atlas.schemas.serde;

import io.atlas.schemas.AvroTrust;
import io.atlas.schemas.SchemaReleases;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.SchemaNormalization;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DatumReader;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumReader;
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
 * binary datum. The decoder looks the fingerprint up among every released version of the record (see
 * {@link SchemaReleases}), each with a datum reader resolving it into the current compiled class, built once. Records
 * are written and read through the generated custom coders, straight from and into byte arrays: Avro's message
 * encoder and decoder (a stream, a header buffer and several thread-local lookups per record) cost two to three
 * times as much on the hot path. Thread-safe: encoding keeps one {@link Writer} per thread, decoding shares nothing
 * mutable. {@code null} maps to {@code null} both ways so tombstones on compacted topics pass through.
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
    private final long fingerprint;
    private final DatumReader<T> currentReader;
    private final Map<Long, DatumReader<T>> readers = new HashMap<>();
    private final ThreadLocal<Writer> writers = ThreadLocal.withInitial(Writer::new);
    private final Serializer<T> serializer = (topic, record) -> encode(record);
    private final Deserializer<T> deserializer = (topic, payload) -> decode(topic, UNKNOWN, UNKNOWN, payload);

    private AvroSerde(Class<T> type, List<Schema> releases) {
        // A model of our own with custom coders on: the generated customEncode/customDecode write and read fields
        // directly (no boxing, no per-field schema lookups). Avro leaves them off in its shared models unless a
        // system property turns them on, and its fast reader (on by default) would bypass them; SerdeBenchmark
        // measures the difference.
        this.model = new SpecificData(type.getClassLoader());
        model.setCustomCoders(true);
        model.setFastReaderEnabled(false);
        this.schema = model.getSchema(type);
        this.fingerprint = SchemaNormalization.parsingFingerprint64(schema);
        this.header = ByteBuffer.allocate(HEADER_BYTES).order(ByteOrder.LITTLE_ENDIAN).put((byte) 0xC3).put((byte) 0x01)
                .putLong(fingerprint).array();
        for (Schema release : releases) {
            readers.put(SchemaNormalization.parsingFingerprint64(release),
                    new SpecificDatumReader<>(release, schema, model));
        }
        this.currentReader = new SpecificDatumReader<>(schema, schema, model);
        readers.put(fingerprint, currentReader);
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
        return record == null ? null : writers.get().encode(record);
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
        if (payload.length < HEADER_BYTES || payload[0] != (byte) 0xC3 || payload[1] != (byte) 0x01) {
            throw new CorruptPayloadException(topic, partition, offset, "bad single-object header: "
                    + (payload.length < HEADER_BYTES ? payload.length + " bytes, fewer than the " + HEADER_BYTES
                    + "-byte header" : "it does not start with C3 01"), null);
        }
        long written = fingerprintOf(payload);
        DatumReader<T> reader = written == fingerprint ? currentReader : readers.get(written);
        if (reader == null) {
            throw new UnknownSchemaException(topic, partition, offset, schema.getName(), written, null);
        }
        BinaryDecoder in = DecoderFactory.get().binaryDecoder(payload, HEADER_BYTES, payload.length - HEADER_BYTES,
                null);
        T record;
        int trailing;
        try {
            record = reader.read(null, in);
            trailing = in.isEnd() ? 0 : in.inputStream().available();
        } catch (IOException | RuntimeException e) {
            throw new CorruptPayloadException(topic, partition, offset, "malformed " + schema.getName() + " datum: "
                    + rootMessage(e), e);
        }
        // Avro stops after the datum; leftover bytes mean the payload is not what its header claims.
        if (trailing > 0) {
            throw new CorruptPayloadException(topic, partition, offset, trailing + " trailing bytes after the "
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
