package io.atlas.ingest.bridge;

import io.atlas.events.Instrument;
import io.atlas.events.TradingStatus;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Good and bad raw ticks, each with the verdict the bridge must reach: the corpus of the validator's unit test and
 * of the bridge's routing test on a real broker. Symbols start with a per-test prefix so tests sharing a broker do
 * not see each other's records.
 */
final class RawTickCorpus {

    /** One raw record and the expected reason, or {@code null} when it must become a tick. */
    record Case(String name, byte[] key, byte[] value, RejectReason expected) {
        String keyText() {
            return key == null ? null : new String(key, StandardCharsets.UTF_8);
        }
    }

    static final String VENUE = "XNAS";
    static final int MAX_PAYLOAD_BYTES = 1024;
    static final long FUTURE_SKEW_MICROS = 5_000_000;
    static final long PAST_SKEW_MICROS = 300_000_000;

    private final String prefix;
    private final long nowMicros;

    RawTickCorpus(String prefix, long nowMicros) {
        this.prefix = prefix;
        this.nowMicros = nowMicros;
    }

    /** The symbols the instruments table must know: two trading, one halted. */
    List<Instrument> instruments() {
        return List.of(instrument(prefix + "AAA", TradingStatus.TRADING), instrument(prefix + "BBB", TradingStatus.TRADING),
                instrument(prefix + "HLT", TradingStatus.HALTED));
    }

    private Instrument instrument(String symbol, TradingStatus status) {
        return Instrument.newBuilder().setSymbol(symbol).setVenue(VENUE).setTickSize(0.01).setCurrency("USD")
                .setStatus(status).setLotSize(1).setDescription(null).setUpdatedAtMicros(nowMicros).build();
    }

    /** A valid tick's JSON for {@code symbol} with sequence {@code seq}; {@code extra} replaces or adds members. */
    String tick(String symbol, long seq, String extra) {
        String base = "\"symbol\":\"" + symbol + "\",\"venue\":\"" + VENUE + "\",\"sequence\":" + seq
                + ",\"exchangeTimeMicros\":" + (nowMicros - 1_000) + ",\"bid\":100.01,\"ask\":100.03,"
                + "\"last\":100.02,\"bidSize\":300,\"askSize\":200,\"lastSize\":100";
        return "{" + base + (extra.isEmpty() ? "" : "," + extra) + "}";
    }

    List<Case> cases() {
        String a = prefix + "AAA";
        String b = prefix + "BBB";
        List<Case> cases = new ArrayList<>();
        // Good ones.
        good(cases, "plain", a, tick(a, 1, ""));
        good(cases, "with aggressor", a, tick(a, 2, "\"aggressor\":\"BUY\""));
        good(cases, "no key", null, tick(b, 1, ""));
        good(cases, "producer ingest time replaced", b, tick(b, 2, "\"ingestTimeMicros\":42"));
        good(cases, "locked book bid == ask", a, tick(a, 3, "\"bid\":100.02,\"ask\":100.02"));
        good(cases, "zero sizes", a, tick(a, 4, "\"bidSize\":0,\"askSize\":0,\"lastSize\":0"));
        good(cases, "unknown fields ignored", b, tick(b, 3, "\"note\":{\"x\":[1,2]}"));
        good(cases, "halted instrument still bridged", prefix + "HLT", tick(prefix + "HLT", 1, ""));
        good(cases, "whitespace and newline", a, "  \n" + tick(a, 5, "") + "\n");
        good(cases, "integral prices", a, tick(a, 6, "\"bid\":100,\"ask\":101,\"last\":100"));
        // Bad ones: at least one per reason the JSON itself can carry.
        bad(cases, "tombstone", a, null, RejectReason.EMPTY_PAYLOAD);
        bad(cases, "empty", a, "", RejectReason.EMPTY_PAYLOAD);
        bad(cases, "only whitespace", a, "   \n", RejectReason.EMPTY_PAYLOAD);
        bad(cases, "too large", a, tick(a, 7, "\"pad\":\"" + "x".repeat(MAX_PAYLOAD_BYTES) + "\""),
                RejectReason.PAYLOAD_TOO_LARGE);
        bad(cases, "truncated", a, tick(a, 8, "").substring(0, 40), RejectReason.MALFORMED_JSON);
        bad(cases, "not json", a, "hello world", RejectReason.MALFORMED_JSON);
        bad(cases, "trailing garbage", a, tick(a, 9, "") + "}", RejectReason.MALFORMED_JSON);
        bad(cases, "two objects", a, tick(a, 10, "") + tick(a, 11, ""), RejectReason.MALFORMED_JSON);
        bad(cases, "single quotes", a, "{'symbol':'" + a + "'}", RejectReason.MALFORMED_JSON);
        bad(cases, "array", a, "[" + tick(a, 12, "") + "]", RejectReason.NOT_AN_OBJECT);
        bad(cases, "string", a, "\"" + a + "\"", RejectReason.NOT_AN_OBJECT);
        bad(cases, "number", a, "42", RejectReason.NOT_AN_OBJECT);
        bad(cases, "empty object", a, "{}", RejectReason.MISSING_FIELD);
        bad(cases, "missing bid", a, tick(a, 13, "").replace("\"bid\":100.01,", ""), RejectReason.MISSING_FIELD);
        bad(cases, "missing sequence", a, tick(a, 14, "").replace("\"sequence\":14,", ""),
                RejectReason.MISSING_FIELD);
        bad(cases, "null symbol", null, tick(a, 15, "\"symbol\":null"), RejectReason.NULL_FIELD);
        bad(cases, "price as string", a, tick(a, 16, "\"bid\":\"100.01\""), RejectReason.WRONG_TYPE);
        bad(cases, "sequence with fraction", a, tick(a, 17, "\"sequence\":1.5"), RejectReason.WRONG_TYPE);
        bad(cases, "symbol as number", null, tick(a, 18, "\"symbol\":7"), RejectReason.WRONG_TYPE);
        bad(cases, "sequence over 64 bits", a, tick(a, 19, "\"sequence\":99999999999999999999"),
                RejectReason.NUMBER_OUT_OF_RANGE);
        bad(cases, "infinite price", a, tick(a, 20, "\"ask\":1e999"), RejectReason.NON_FINITE_NUMBER);
        bad(cases, "unknown aggressor", a, tick(a, 21, "\"aggressor\":\"BOTH\""), RejectReason.UNKNOWN_ENUM_SYMBOL);
        bad(cases, "blank symbol", null, tick(a, 22, "\"symbol\":\"  \""), RejectReason.BLANK_FIELD);
        bad(cases, "blank venue", a, tick(a, 23, "\"venue\":\"\""), RejectReason.BLANK_FIELD);
        bad(cases, "zero bid", a, tick(a, 24, "\"bid\":0"), RejectReason.NON_POSITIVE_PRICE);
        bad(cases, "negative last", a, tick(a, 25, "\"last\":-1"), RejectReason.NON_POSITIVE_PRICE);
        bad(cases, "crossed book", a, tick(a, 26, "\"bid\":100.05,\"ask\":100.03"), RejectReason.BID_ABOVE_ASK);
        bad(cases, "negative bid size", a, tick(a, 27, "\"bidSize\":-5"), RejectReason.NEGATIVE_SIZE);
        bad(cases, "negative last size", a, tick(a, 28, "\"lastSize\":-0.5"), RejectReason.NEGATIVE_SIZE);
        bad(cases, "sequence zero", a, tick(a, 0, ""), RejectReason.NON_POSITIVE_SEQUENCE);
        bad(cases, "sequence negative", a, tick(a, -3, ""), RejectReason.NON_POSITIVE_SEQUENCE);
        bad(cases, "from the future", a, tick(a, 29, "\"exchangeTimeMicros\":" + (nowMicros + 60_000_000L)),
                RejectReason.TIMESTAMP_IN_FUTURE);
        bad(cases, "too old", a, tick(a, 30, "\"exchangeTimeMicros\":" + (nowMicros - 3_600_000_000L)),
                RejectReason.TIMESTAMP_TOO_OLD);
        bad(cases, "epoch milliseconds by mistake", a, tick(a, 31, "\"exchangeTimeMicros\":" + nowMicros / 1000),
                RejectReason.TIMESTAMP_TOO_OLD);
        bad(cases, "unknown symbol", prefix + "ZZZ", tick(prefix + "ZZZ", 1, ""), RejectReason.UNKNOWN_SYMBOL);
        bad(cases, "other venue", a, tick(a, 32, "\"venue\":\"XLON\""), RejectReason.VENUE_MISMATCH);
        bad(cases, "key differs from symbol", b, tick(a, 33, ""), RejectReason.KEY_SYMBOL_MISMATCH);
        return cases;
    }

    private static void good(List<Case> cases, String name, String key, String json) {
        cases.add(new Case(name, bytes(key), bytes(json), null));
    }

    private static void bad(List<Case> cases, String name, String key, String json, RejectReason reason) {
        cases.add(new Case(name, bytes(key), bytes(json), reason));
    }

    private static byte[] bytes(String text) {
        return text == null ? null : text.getBytes(StandardCharsets.UTF_8);
    }
}
