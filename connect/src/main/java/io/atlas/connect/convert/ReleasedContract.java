package io.atlas.connect.convert;

import io.atlas.schemas.SchemaReleases;
import io.atlas.schemas.serde.UnknownSchemaException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;
import org.apache.avro.AvroRuntimeException;
import org.apache.avro.Schema;
import org.apache.avro.SchemaNormalization;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.message.BadHeaderException;
import org.apache.avro.message.BinaryMessageDecoder;
import org.apache.avro.message.BinaryMessageEncoder;
import org.apache.avro.message.MissingSchemaException;
import org.apache.avro.message.SchemaStore;
import org.apache.kafka.connect.errors.DataException;

/**
 * One Atlas contract in Avro single-object encoding, as generic records: reads a payload written with any released
 * version (resolved through a schema store holding every release, {@link SchemaReleases}) into the current version,
 * and writes the current version.
 *
 * <p>Generic rather than the generated classes ({@code AvroSerde}) on purpose: Connect's mapping wants the raw Avro
 * values of logical types (a {@code long} for {@code timestamp-millis}), which the generated classes convert away.
 */
final class ReleasedContract {

    private final Schema current;
    private final int version;
    private final List<Long> fingerprints;
    private final BinaryMessageDecoder<GenericRecord> decoder;
    private final BinaryMessageEncoder<GenericRecord> encoder;

    private ReleasedContract(List<Schema> releases) {
        this.current = releases.get(releases.size() - 1);
        this.version = releases.size();
        this.fingerprints = releases.stream().map(SchemaNormalization::parsingFingerprint64).toList();
        SchemaStore.Cache store = new SchemaStore.Cache();
        releases.forEach(store::addSchema);
        this.decoder = new BinaryMessageDecoder<>(GenericData.get(), current, store);
        this.encoder = new BinaryMessageEncoder<>(GenericData.get(), current, true);
    }

    /** The contract whose releases are named for {@code recordName}, e.g. {@code Prediction}. */
    static ReleasedContract of(String recordName) {
        return new ReleasedContract(SchemaReleases.of(recordName));
    }

    /** The current (latest released) schema: what every payload is read into and written with. */
    Schema schema() {
        return current;
    }

    /** The current release's number: 1 for {@code v1.avsc}. */
    int version() {
        return version;
    }

    /**
     * Reads one payload of {@code topic}.
     *
     * @throws DataException naming the topic and the contract when the bytes are not a released version of it
     */
    GenericRecord decode(String topic, byte[] payload) {
        ByteArrayInputStream in = new ByteArrayInputStream(payload);
        GenericRecord record;
        try {
            record = decoder.decode(in, null);
        } catch (MissingSchemaException e) {
            throw new DataException(where(topic) + "schema fingerprint " + fingerprintOf(payload)
                    + " is not a released version of " + current.getFullName() + " (released: "
                    + fingerprints.stream().map(UnknownSchemaException::hex).toList() + ")", e);
        } catch (BadHeaderException e) {
            throw new DataException(where(topic) + "not Avro single-object encoding (C3 01 + fingerprint + datum): "
                    + e.getMessage(), e);
        } catch (IOException | AvroRuntimeException e) {
            throw new DataException(where(topic) + "malformed " + current.getFullName() + " datum: " + e, e);
        }
        if (in.available() > 0) {
            throw new DataException(where(topic) + in.available() + " trailing bytes after the "
                    + current.getFullName() + " datum");
        }
        return record;
    }

    /**
     * Writes {@code record} with the current schema.
     *
     * @throws DataException when it does not fit the current schema
     */
    byte[] encode(String topic, GenericRecord record) {
        if (!GenericData.get().validate(current, record)) {
            throw new DataException(where(topic) + "the value does not fit " + current.getFullName() + " v" + version);
        }
        try {
            ByteBuffer encoded = encoder.encode(record);
            byte[] bytes = new byte[encoded.remaining()];
            encoded.get(bytes);
            return bytes;
        } catch (IOException | AvroRuntimeException e) {
            throw new DataException(where(topic) + "cannot encode " + current.getFullName() + ": " + e, e);
        }
    }

    private static String where(String topic) {
        return "Atlas Avro on topic " + topic + ": ";
    }

    // Only called once Avro has read a whole header, so the fingerprint bytes are there.
    private static String fingerprintOf(byte[] payload) {
        return UnknownSchemaException.hex(ByteBuffer.wrap(payload, 2, Long.BYTES).order(ByteOrder.LITTLE_ENDIAN)
                .getLong());
    }
}
