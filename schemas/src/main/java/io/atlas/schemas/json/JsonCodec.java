package io.atlas.schemas.json;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import java.io.IOException;

/** Reads and writes the plain-JSON form of values of one Avro schema. */
interface JsonCodec {

    /** Writes a non-null {@code value}. */
    void write(Object value, JsonGenerator out) throws IOException;

    /** Reads the value starting at the parser's current token, leaving the parser on the value's last token. */
    Object read(JsonParser in) throws IOException;

    /** Whether JSON {@code null} is a valid value. */
    default boolean nullable() {
        return false;
    }
}
