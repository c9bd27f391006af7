package io.atlas.ingest.bridge;

/**
 * Why the bridge refused a raw tick: the {@code reasonCode} of its dead letter (the enum constant's name), with what
 * it means. The codes are a public contract for outside producers: add new ones, never rename.
 */
public enum RejectReason {
    EMPTY_PAYLOAD("the record has no value, or only whitespace"),
    PAYLOAD_TOO_LARGE("the value is longer than ATLAS_BRIDGE_MAX_PAYLOAD_BYTES"),
    MALFORMED_JSON("the value is not valid UTF-8 JSON (syntax error, truncated, trailing content)"),
    NOT_AN_OBJECT("the JSON is valid but not an object (an array, a string, a number...)"),
    MISSING_FIELD("a required field is absent"),
    NULL_FIELD("a required field is null"),
    WRONG_TYPE("a field has the wrong JSON type (e.g. a price as a string, a sequence with a fraction)"),
    NUMBER_OUT_OF_RANGE("an integer field does not fit in 64 bits"),
    NON_FINITE_NUMBER("a number overflows to infinity (e.g. 1e999)"),
    UNKNOWN_ENUM_SYMBOL("aggressor is not one of BUY, SELL, UNKNOWN"),
    BLANK_FIELD("symbol or venue is empty or only whitespace"),
    NON_POSITIVE_PRICE("bid, ask or last is zero or negative"),
    BID_ABOVE_ASK("bid > ask (a crossed book); bid == ask (a locked book) is accepted"),
    NEGATIVE_SIZE("bidSize, askSize or lastSize is negative"),
    NON_POSITIVE_SEQUENCE("sequence is zero or negative"),
    TIMESTAMP_IN_FUTURE("exchangeTimeMicros is later than the record's timestamp + ATLAS_BRIDGE_MAX_FUTURE_SKEW_MS"),
    TIMESTAMP_TOO_OLD("exchangeTimeMicros is earlier than the record's timestamp - ATLAS_BRIDGE_MAX_PAST_SKEW_MS"),
    UNKNOWN_SYMBOL("the symbol is not in the instruments table (atlas.instruments), or was deleted"),
    VENUE_MISMATCH("the venue differs from the instrument's venue in the instruments table"),
    KEY_SYMBOL_MISMATCH("the record has a key and it differs from the symbol field"),
    INTERNAL_ERROR("the bridge failed unexpectedly on this record (a bug: see the message)");

    private final String meaning;

    RejectReason(String meaning) {
        this.meaning = meaning;
    }

    /** What the code means, for the README table and logs. */
    public String meaning() {
        return meaning;
    }

    /** The codes as a Markdown table (code, meaning) for README.md. */
    public static String markdownTable() {
        StringBuilder table = new StringBuilder("| reasonCode | meaning |\n|---|---|\n");
        for (RejectReason reason : values()) {
            table.append("| `").append(reason.name()).append("` | ").append(reason.meaning).append(" |\n");
        }
        return table.toString();
    }
}
