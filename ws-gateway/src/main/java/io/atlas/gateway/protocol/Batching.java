package io.atlas.gateway.protocol;

import java.util.Map;

/**
 * A connection's request for batched frames, given at connect as query parameters of the upgrade:
 * {@code batch=true}, optionally {@code batchLingerMs} and {@code batchMaxBytes}. A batched connection gets its data
 * frames (live and snapshot) inside {@code {"op":"batch","frames":[<data frame>,...]}} frames, several per
 * WebSocket frame, in the order they would have come one by one; control frames still come alone, in order between
 * batches. Without {@code batch=true} the protocol is unchanged: one data frame per WebSocket frame.
 *
 * @param lingerMs how long the gateway may hold the first update of a frame waiting for more, 0 = send what is queued
 * @param maxBytes largest batch frame in bytes; an update larger on its own still goes, alone in its batch
 */
public record Batching(int lingerMs, int maxBytes) {

    public static final String BATCH = "batch";
    public static final String LINGER_MS = "batchLingerMs";
    public static final String MAX_BYTES = "batchMaxBytes";
    public static final int DEFAULT_LINGER_MS = 5;
    public static final int MAX_LINGER_MS = 1000;
    public static final int DEFAULT_MAX_BYTES = 16384;
    public static final int MIN_MAX_BYTES = 1024;
    public static final int MAX_MAX_BYTES = 1 << 20;

    /** What a bad query parameter was; the upgrade is refused with 400 and this message. */
    public static final class BadBatchingException extends Exception {
        public BadBatchingException(String message) {
            super(message);
        }
    }

    public Batching {
        if (lingerMs < 0 || lingerMs > MAX_LINGER_MS) {
            throw new IllegalArgumentException(LINGER_MS + " must be within 0.." + MAX_LINGER_MS);
        }
        if (maxBytes < MIN_MAX_BYTES || maxBytes > MAX_MAX_BYTES) {
            throw new IllegalArgumentException(MAX_BYTES + " must be within " + MIN_MAX_BYTES + ".." + MAX_MAX_BYTES);
        }
    }

    /**
     * The batching a connection asks for in its upgrade query (parameter name → first value), or null when it does
     * not ask for any.
     */
    public static Batching fromQuery(Map<String, String> query) throws BadBatchingException {
        String batch = query.get(BATCH);
        if (batch == null || batch.equals("false")) {
            if (query.containsKey(LINGER_MS) || query.containsKey(MAX_BYTES)) {
                throw new BadBatchingException(LINGER_MS + " and " + MAX_BYTES + " need " + BATCH + "=true");
            }
            return null;
        }
        if (!batch.equals("true")) {
            throw new BadBatchingException(BATCH + " must be true or false, got '" + abbreviate(batch) + "'");
        }
        int linger = number(query, LINGER_MS, DEFAULT_LINGER_MS, 0, MAX_LINGER_MS);
        int maxBytes = number(query, MAX_BYTES, DEFAULT_MAX_BYTES, MIN_MAX_BYTES, MAX_MAX_BYTES);
        return new Batching(linger, maxBytes);
    }

    private static int number(Map<String, String> query, String name, int fallback, int min, int max)
            throws BadBatchingException {
        String text = query.get(name);
        if (text == null) {
            return fallback;
        }
        try {
            int value = Integer.parseInt(text);
            if (value >= min && value <= max) {
                return value;
            }
        } catch (NumberFormatException e) {
            // refused below
        }
        throw new BadBatchingException(name + " must be an integer within " + min + ".." + max + ", got '"
                + abbreviate(text) + "'");
    }

    private static String abbreviate(String text) {
        return text.length() <= 20 ? text : text.substring(0, 20) + "...";
    }
}
