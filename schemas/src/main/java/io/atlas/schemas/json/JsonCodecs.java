package io.atlas.schemas.json;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;

/** Builds the {@link JsonCodec} for any schema Atlas uses: primitives, enums, arrays, maps, nullable unions, records. */
final class JsonCodecs {

    private JsonCodecs() {
    }

    static JsonCodec forSchema(Schema schema, GenericData model) {
        switch (schema.getType()) {
            case RECORD:
                return new RecordCodec(schema, model);
            case ENUM:
                return new EnumCodec(schema, model);
            case ARRAY:
                return new ArrayCodec(forSchema(schema.getElementType(), model));
            case MAP:
                return new MapCodec(forSchema(schema.getValueType(), model));
            case UNION:
                return nullable(schema, model);
            case STRING:
                return STRING;
            case BYTES:
                return BYTES;
            case INT:
                return INT;
            case LONG:
                return LONG;
            case FLOAT:
                return FLOAT;
            case DOUBLE:
                return DOUBLE;
            case BOOLEAN:
                return BOOLEAN;
            case NULL:
                return NULL;
            default:
                throw new IllegalArgumentException("Edge JSON does not support " + schema.getType() + " schemas");
        }
    }

    private static JsonCodec nullable(Schema union, GenericData model) {
        List<Schema> branches = union.getTypes();
        if (branches.size() != 2 || !union.isNullable()) {
            throw new IllegalArgumentException("Edge JSON supports only [null, T] unions, not " + union);
        }
        Schema value = branches.get(0).getType() == Schema.Type.NULL ? branches.get(1) : branches.get(0);
        JsonCodec codec = forSchema(value, model);
        return new JsonCodec() {
            @Override
            public void write(Object v, JsonGenerator out) throws IOException {
                codec.write(v, out);
            }

            @Override
            public Object read(JsonParser in) throws IOException {
                return in.currentToken() == JsonToken.VALUE_NULL ? null : codec.read(in);
            }

            @Override
            public boolean nullable() {
                return true;
            }
        };
    }

    /** Writes {@code value} with {@code codec}, or JSON null where the schema allows it. */
    static void writeValue(JsonCodec codec, Object value, JsonGenerator out) throws IOException {
        if (value != null) {
            codec.write(value, out);
        } else if (codec.nullable()) {
            out.writeNull();
        } else {
            throw new InvalidJsonException("null for a non-nullable value");
        }
    }

    static InvalidJsonException wrongType(String expected, JsonParser in) {
        return new InvalidJsonException("wrong type: expected " + expected + " but found " + describe(in.currentToken()));
    }

    private static String describe(JsonToken token) {
        switch (token) {
            case START_OBJECT:
                return "object";
            case START_ARRAY:
                return "array";
            case VALUE_STRING:
                return "string";
            case VALUE_NUMBER_INT:
                return "integer";
            case VALUE_NUMBER_FLOAT:
                return "decimal number";
            case VALUE_TRUE:
            case VALUE_FALSE:
                return "boolean";
            case VALUE_NULL:
                return "null";
            default:
                return token.name();
        }
    }

    private static double finite(double value) {
        if (!Double.isFinite(value)) {
            throw new InvalidJsonException("non-finite number " + value);
        }
        return value;
    }

    private static final JsonCodec STRING = new JsonCodec() {
        @Override
        public void write(Object value, JsonGenerator out) throws IOException {
            out.writeString(value.toString());
        }

        @Override
        public Object read(JsonParser in) throws IOException {
            if (in.currentToken() != JsonToken.VALUE_STRING) {
                throw wrongType("string", in);
            }
            return in.getText();
        }
    };

    private static final JsonCodec BYTES = new JsonCodec() {
        @Override
        public void write(Object value, JsonGenerator out) throws IOException {
            ByteBuffer bytes = (ByteBuffer) value;
            if (bytes.hasArray()) {
                out.writeBinary(bytes.array(), bytes.arrayOffset() + bytes.position(), bytes.remaining());
            } else {
                byte[] copy = new byte[bytes.remaining()];
                bytes.duplicate().get(copy);
                out.writeBinary(copy);
            }
        }

        @Override
        public Object read(JsonParser in) throws IOException {
            if (in.currentToken() != JsonToken.VALUE_STRING) {
                throw wrongType("base64 string", in);
            }
            try {
                return ByteBuffer.wrap(in.getBinaryValue());
            } catch (JsonProcessingException e) {
                throw new InvalidJsonException("", "invalid base64: " + e.getOriginalMessage(), e);
            }
        }
    };

    private static final JsonCodec INT = new JsonCodec() {
        @Override
        public void write(Object value, JsonGenerator out) throws IOException {
            out.writeNumber((Integer) value);
        }

        @Override
        public Object read(JsonParser in) throws IOException {
            if (in.currentToken() != JsonToken.VALUE_NUMBER_INT) {
                throw wrongType("integer", in);
            }
            if (in.getNumberType() != JsonParser.NumberType.INT) {
                throw new InvalidJsonException("integer out of 32-bit range: " + in.getText());
            }
            return in.getIntValue();
        }
    };

    private static final JsonCodec LONG = new JsonCodec() {
        @Override
        public void write(Object value, JsonGenerator out) throws IOException {
            out.writeNumber((Long) value);
        }

        @Override
        public Object read(JsonParser in) throws IOException {
            if (in.currentToken() != JsonToken.VALUE_NUMBER_INT) {
                throw wrongType("integer", in);
            }
            if (in.getNumberType() == JsonParser.NumberType.BIG_INTEGER) {
                throw new InvalidJsonException("integer out of 64-bit range: " + in.getText());
            }
            return in.getLongValue();
        }
    };

    private static final JsonCodec FLOAT = new JsonCodec() {
        @Override
        public void write(Object value, JsonGenerator out) throws IOException {
            out.writeNumber((float) finite((Float) value));
        }

        @Override
        public Object read(JsonParser in) throws IOException {
            if (!in.currentToken().isNumeric()) {
                throw wrongType("number", in);
            }
            return (float) finite(in.getFloatValue());
        }
    };

    private static final JsonCodec DOUBLE = new JsonCodec() {
        @Override
        public void write(Object value, JsonGenerator out) throws IOException {
            out.writeNumber(finite((Double) value));
        }

        @Override
        public Object read(JsonParser in) throws IOException {
            if (!in.currentToken().isNumeric()) {
                throw wrongType("number", in);
            }
            return finite(in.getDoubleValue());
        }
    };

    private static final JsonCodec BOOLEAN = new JsonCodec() {
        @Override
        public void write(Object value, JsonGenerator out) throws IOException {
            out.writeBoolean((Boolean) value);
        }

        @Override
        public Object read(JsonParser in) throws IOException {
            if (!in.currentToken().isBoolean()) {
                throw wrongType("boolean", in);
            }
            return in.currentToken() == JsonToken.VALUE_TRUE;
        }
    };

    private static final JsonCodec NULL = new JsonCodec() {
        @Override
        public void write(Object value, JsonGenerator out) throws IOException {
            out.writeNull();
        }

        @Override
        public Object read(JsonParser in) {
            if (in.currentToken() != JsonToken.VALUE_NULL) {
                throw wrongType("null", in);
            }
            return null;
        }

        @Override
        public boolean nullable() {
            return true;
        }
    };

    /** Enums as their symbol strings; an unknown symbol is rejected rather than mapped to the enum default. */
    private static final class EnumCodec implements JsonCodec {

        private final Map<String, Object> symbols = new HashMap<>();
        private final String name;

        EnumCodec(Schema schema, GenericData model) {
            this.name = schema.getName();
            for (String symbol : schema.getEnumSymbols()) {
                symbols.put(symbol, model.createEnum(symbol, schema));
            }
        }

        @Override
        public void write(Object value, JsonGenerator out) throws IOException {
            out.writeString(value.toString());
        }

        @Override
        public Object read(JsonParser in) throws IOException {
            if (in.currentToken() != JsonToken.VALUE_STRING) {
                throw wrongType(name + " symbol string", in);
            }
            Object symbol = symbols.get(in.getText());
            if (symbol == null) {
                throw new InvalidJsonException("unknown " + name + " symbol '" + in.getText() + "', expected one of "
                        + symbols.keySet());
            }
            return symbol;
        }
    }

    private static final class ArrayCodec implements JsonCodec {

        private final JsonCodec items;

        ArrayCodec(JsonCodec items) {
            this.items = items;
        }

        @Override
        public void write(Object value, JsonGenerator out) throws IOException {
            out.writeStartArray();
            int index = 0;
            for (Object item : (Iterable<?>) value) {
                writeItem(item, index++, out);
            }
            out.writeEndArray();
        }

        private void writeItem(Object item, int index, JsonGenerator out) throws IOException {
            try {
                writeValue(items, item, out);
            } catch (InvalidJsonException e) {
                throw e.under("[" + index + "]");
            }
        }

        @Override
        public Object read(JsonParser in) throws IOException {
            if (in.currentToken() != JsonToken.START_ARRAY) {
                throw wrongType("array", in);
            }
            List<Object> list = new ArrayList<>();
            while (in.nextToken() != JsonToken.END_ARRAY) {
                try {
                    list.add(items.read(in));
                } catch (InvalidJsonException e) {
                    throw e.under("[" + list.size() + "]");
                }
            }
            return list;
        }
    }

    private static final class MapCodec implements JsonCodec {

        private final JsonCodec values;

        MapCodec(JsonCodec values) {
            this.values = values;
        }

        @Override
        public void write(Object value, JsonGenerator out) throws IOException {
            out.writeStartObject();
            for (Map.Entry<?, ?> entry : ((Map<?, ?>) value).entrySet()) {
                String key = entry.getKey().toString();
                out.writeFieldName(key);
                try {
                    writeValue(values, entry.getValue(), out);
                } catch (InvalidJsonException e) {
                    throw e.under("." + key);
                }
            }
            out.writeEndObject();
        }

        @Override
        public Object read(JsonParser in) throws IOException {
            if (in.currentToken() != JsonToken.START_OBJECT) {
                throw wrongType("object", in);
            }
            Map<String, Object> map = new LinkedHashMap<>();
            while (in.nextToken() == JsonToken.FIELD_NAME) {
                String key = in.currentName();
                in.nextToken();
                try {
                    map.put(key, values.read(in));
                } catch (InvalidJsonException e) {
                    throw e.under("." + key);
                }
            }
            return map;
        }
    }
}
