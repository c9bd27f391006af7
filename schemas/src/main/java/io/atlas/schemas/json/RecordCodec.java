package io.atlas.schemas.json;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.io.SerializedString;
import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.IndexedRecord;

/**
 * Reads and writes one record schema as a JSON object with the schema's field names.
 *
 * <p>Everything per field (pre-encoded name, codec, position by name) is worked out once here, so encoding a record
 * touches no schema metadata. Missing fields take the schema default; unknown fields are skipped.
 */
final class RecordCodec implements JsonCodec {

    private final Schema schema;
    private final GenericData model;
    private final Schema.Field[] fields;
    private final SerializedString[] names;
    private final JsonCodec[] codecs;
    private final Map<String, Integer> positions = new HashMap<>();

    RecordCodec(Schema schema, GenericData model) {
        this.schema = schema;
        this.model = model;
        List<Schema.Field> list = schema.getFields();
        this.fields = list.toArray(new Schema.Field[0]);
        this.names = new SerializedString[fields.length];
        this.codecs = new JsonCodec[fields.length];
        for (Schema.Field field : fields) {
            names[field.pos()] = new SerializedString(field.name());
            codecs[field.pos()] = JsonCodecs.forSchema(field.schema(), model);
            positions.put(field.name(), field.pos());
        }
    }

    @Override
    public void write(Object value, JsonGenerator out) throws IOException {
        IndexedRecord record = (IndexedRecord) value;
        out.writeStartObject();
        for (int i = 0; i < fields.length; i++) {
            out.writeFieldName(names[i]);
            try {
                JsonCodecs.writeValue(codecs[i], record.get(i), out);
            } catch (InvalidJsonException e) {
                throw e.under("." + fields[i].name());
            }
        }
        out.writeEndObject();
    }

    @Override
    public Object read(JsonParser in) throws IOException {
        if (in.currentToken() != JsonToken.START_OBJECT) {
            throw JsonCodecs.wrongType(schema.getName() + " object", in);
        }
        IndexedRecord record = (IndexedRecord) model.newRecord(null, schema);
        boolean[] seen = new boolean[fields.length];
        while (in.nextToken() == JsonToken.FIELD_NAME) {
            Integer pos = positions.get(in.currentName());
            in.nextToken();
            if (pos == null) {
                in.skipChildren();
                continue;
            }
            try {
                record.put(pos, codecs[pos].read(in));
            } catch (InvalidJsonException e) {
                throw e.under("." + fields[pos].name());
            }
            seen[pos] = true;
        }
        for (int i = 0; i < fields.length; i++) {
            if (!seen[i]) {
                record.put(i, defaultOf(fields[i]));
            }
        }
        return record;
    }

    private Object defaultOf(Schema.Field field) {
        if (!field.hasDefaultValue()) {
            throw new InvalidJsonException("missing required field").under("." + field.name());
        }
        // Avro caches one default instance per field; copy it so no two records share a mutable map or list.
        return model.deepCopy(field.schema(), model.getDefaultValue(field));
    }
}
