package io.atlas.ingest.replay;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;

import io.atlas.events.MarketTick;
import io.atlas.schemas.json.EdgeJson;
import io.atlas.schemas.json.InvalidJsonException;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * Reads JSON-lines ticks: one {@link EdgeJson} {@code MarketTick} object per line, with the Avro field names
 * ({@code symbol, venue, exchangeTimeMicros, bid, ask, last, bidSize, askSize, lastSize}, optional {@code aggressor}).
 * {@code sequence} and {@code ingestTimeMicros} may be left out (the publisher sets both), so a dump of the ticks topic
 * and a hand-written file both replay.
 */
final class JsonTickParser implements TickReader.LineParser {

    private static final EdgeJson JSON = new EdgeJson();
    private static final JsonFactory FACTORY = new JsonFactory();

    @Override
    public MarketTick parse(String line, long lineNumber) {
        String object = line.trim();
        try {
            String filled = withPublisherFields(object);
            return JSON.read(filled.getBytes(StandardCharsets.UTF_8), MarketTick.class);
        } catch (InvalidJsonException e) {
            throw new MalformedTickException(lineNumber, e.getMessage());
        } catch (IOException e) {
            throw new MalformedTickException(lineNumber, "malformed JSON: " + e.getMessage());
        }
    }

    /** Adds {@code sequence} and {@code ingestTimeMicros} (0, replaced on publish) where the object lacks them. */
    private static String withPublisherFields(String object) throws IOException {
        boolean sequence = false;
        boolean ingestTime = false;
        try (JsonParser in = FACTORY.createParser(object)) {
            if (in.nextToken() != JsonToken.START_OBJECT) {
                return object; // EdgeJson says what is wrong
            }
            JsonToken token;
            while ((token = in.nextToken()) == JsonToken.FIELD_NAME) {
                String name = in.currentName();
                sequence |= name.equals("sequence");
                ingestTime |= name.equals("ingestTimeMicros");
                in.nextToken();
                in.skipChildren();
            }
            if (token != JsonToken.END_OBJECT) {
                return object;
            }
        }
        if (sequence && ingestTime) {
            return object;
        }
        String inner = object.substring(1).trim();
        String added = (sequence ? "" : "\"sequence\":0,") + (ingestTime ? "" : "\"ingestTimeMicros\":0,");
        if (inner.startsWith("}")) {
            added = added.substring(0, added.length() - 1);
        }
        return "{" + added + inner;
    }
}
