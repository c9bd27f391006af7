package io.atlas.gateway.protocol;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.Map;

/** Writes the server's control frames (welcome, ack, error, heartbeat) as JSON text. Thread-safe. */
public final class ServerFrames {

    private static final JsonFactory FACTORY = JsonFactory.builder().build();

    private ServerFrames() {
    }

    /** The first frame of every connection: its resume token and heartbeat period. */
    public static String welcome(String resumeToken, long heartbeatMillis, boolean authenticated) {
        return write(out -> {
            out.writeStringField("op", "welcome");
            out.writeStringField("token", resumeToken);
            out.writeNumberField("heartbeatMs", heartbeatMillis);
            out.writeBooleanField("authenticated", authenticated);
        });
    }

    /** Acknowledges request {@code id}; {@code extra} holds op-specific fields (numbers, strings, booleans). */
    public static String ack(String id, Map<String, ?> extra) {
        return write(out -> {
            out.writeStringField("op", "ack");
            out.writeStringField("id", id);
            for (Map.Entry<String, ?> field : extra.entrySet()) {
                out.writeFieldName(field.getKey());
                Object value = field.getValue();
                if (value instanceof Number number) {
                    out.writeNumber(number.longValue());
                } else if (value instanceof Boolean flag) {
                    out.writeBoolean(flag);
                } else {
                    out.writeString(String.valueOf(value));
                }
            }
        });
    }

    /** Ends a resume: the replay of request {@code id} is complete; live updates follow. */
    public static String resumed(String id, Map<String, ?> extra) {
        String ack = ack(id, extra);
        return "{\"op\":\"resumed\"" + ack.substring(ack.indexOf(','));
    }

    public static String error(String id, ErrorCode code, String reason) {
        return write(out -> {
            out.writeStringField("op", "error");
            if (id == null) {
                out.writeNullField("id");
            } else {
                out.writeStringField("id", id);
            }
            out.writeStringField("code", code.name());
            out.writeStringField("reason", reason);
        });
    }

    public static String heartbeat(long epochMillis) {
        return "{\"op\":\"heartbeat\",\"time\":" + epochMillis + "}";
    }

    private interface Body {
        void write(JsonGenerator out) throws IOException;
    }

    private static String write(Body body) {
        StringWriter text = new StringWriter(96);
        try (JsonGenerator out = FACTORY.createGenerator(text)) {
            out.writeStartObject();
            body.write(out);
            out.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return text.toString();
    }
}
