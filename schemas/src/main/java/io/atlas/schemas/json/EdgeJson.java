package io.atlas.schemas.json;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;
import io.atlas.schemas.AvroTrust;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;

/**
 * Reads and writes Atlas event records as plain JSON with the Avro field names, for producers and clients at the edges.
 *
 * <p>Not Avro's JSON encoding: a nullable union is its plain value or {@code null}, an enum its symbol string, bytes
 * base64, a map an object, a nested record an object. Reading ignores unknown fields, fills missing ones from the
 * schema default and otherwise throws {@link InvalidJsonException} naming the field path; numbers must be finite.
 * Thread-safe; field lists are worked out once per schema. Recursive schemas are not supported.
 */
public final class EdgeJson {

    static {
        AvroTrust.trustEventClasses();
    }

    private final JsonFactory factory = JsonFactory.builder().build();
    private final ConcurrentMap<Schema, RecordCodec> bySchema = new ConcurrentHashMap<>();
    private final ClassValue<RecordCodec> byClass = new ClassValue<>() {
        @Override
        protected RecordCodec computeValue(Class<?> type) {
            return codecFor(SpecificData.get().getSchema(type));
        }
    };

    /**
     * The JSON object for {@code record}, UTF-8 encoded.
     *
     * @throws InvalidJsonException when the record holds a value JSON cannot carry (non-finite number, null in a
     *     non-nullable field)
     */
    public byte[] write(SpecificRecord record) {
        try (ByteArrayBuilder bytes = new ByteArrayBuilder()) {
            try (JsonGenerator out = factory.createGenerator(bytes)) {
                write(record, out);
            }
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write " + record.getSchema().getName() + " as JSON", e);
        }
    }

    /** Writes {@code record} as one JSON object to {@code out}, for callers that stream several values. */
    public void write(SpecificRecord record, JsonGenerator out) throws IOException {
        codecFor(record.getSchema()).write(record, out);
    }

    /**
     * The record of {@code type} held in the JSON object {@code json}.
     *
     * @throws InvalidJsonException for malformed JSON, a missing required field, a wrong type, an unknown enum symbol
     *     or a non-finite number
     */
    public <T extends SpecificRecord> T read(byte[] json, Class<T> type) {
        RecordCodec codec = byClass.get(type);
        try (JsonParser in = factory.createParser(json)) {
            try {
                if (in.nextToken() == null) {
                    throw new InvalidJsonException("malformed JSON: no content");
                }
                T record = type.cast(codec.read(in));
                if (in.nextToken() != null) {
                    throw new InvalidJsonException("malformed JSON: content after the " + type.getSimpleName());
                }
                return record;
            } catch (JsonProcessingException e) {
                throw new InvalidJsonException(pathOf(in.getParsingContext()),
                        "malformed JSON: " + e.getOriginalMessage(), e);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read JSON " + type.getSimpleName(), e);
        }
    }

    private RecordCodec codecFor(Schema schema) {
        RecordCodec codec = bySchema.get(schema);
        return codec != null ? codec
                : bySchema.computeIfAbsent(schema, s -> new RecordCodec(s, SpecificData.getForSchema(s)));
    }

    private static String pathOf(JsonStreamContext context) {
        StringBuilder path = new StringBuilder();
        for (JsonStreamContext c = context; c != null && !c.inRoot(); c = c.getParent()) {
            if (c.inArray()) {
                path.insert(0, "[" + c.getCurrentIndex() + "]");
            } else if (c.getCurrentName() != null) {
                path.insert(0, "." + c.getCurrentName());
            }
        }
        return path.toString();
    }
}
