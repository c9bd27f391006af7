package io.atlas.ingest.bridge;

import io.atlas.events.Instrument;
import io.atlas.events.MarketTick;
import io.atlas.schemas.json.EdgeJson;
import io.atlas.schemas.json.InvalidJsonException;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * Turns one raw record of {@code atlas.ticks.raw} (key bytes, JSON value bytes) into a {@link MarketTick} or a
 * {@link Verdict.Rejected rejection} with a {@link RejectReason}: a pure function of its inputs and the instruments it
 * is given, with no Kafka in sight. Thread-safe.
 *
 * <p>The JSON is the edge JSON of {@code MarketTick} ({@link EdgeJson}) except that {@code ingestTimeMicros} is
 * optional and always replaced by the bridge's clock, and {@code aggressor} defaults to {@code UNKNOWN}. The
 * {@code sequence} is the producer's own per-symbol number and required: the bridge does not renumber, because a
 * renumbering bridge would need per-symbol state that survives restarts and rebalances.
 */
public final class TickValidator {

    private static final byte[] INGEST_TIME_PREFIX = "{\"ingestTimeMicros\":0,".getBytes(StandardCharsets.UTF_8);

    private final EdgeJson json;
    private final InstrumentDirectory instruments;
    private final int maxPayloadBytes;
    private final long maxFutureSkewMicros;
    private final long maxPastSkewMicros;

    /**
     * @param maxPayloadBytes     longest accepted value, in bytes
     * @param maxFutureSkewMicros how far ahead of now an exchange time may be
     * @param maxPastSkewMicros   how far behind now an exchange time may be
     */
    public TickValidator(EdgeJson json, InstrumentDirectory instruments, int maxPayloadBytes,
                         long maxFutureSkewMicros, long maxPastSkewMicros) {
        this.json = Objects.requireNonNull(json, "json");
        this.instruments = Objects.requireNonNull(instruments, "instruments");
        if (maxPayloadBytes < 1 || maxFutureSkewMicros < 0 || maxPastSkewMicros < 0) {
            throw new IllegalArgumentException("limits must be positive");
        }
        this.maxPayloadBytes = maxPayloadBytes;
        this.maxFutureSkewMicros = maxFutureSkewMicros;
        this.maxPastSkewMicros = maxPastSkewMicros;
    }

    /**
     * Validates one raw record.
     *
     * @param key       the record key, or {@code null}
     * @param value     the record value, or {@code null} (a tombstone)
     * @param nowMicros      the bridge's clock, stamped as {@code ingestTimeMicros}
     * @param receivedMicros when the record entered Kafka (its timestamp), the reference for the skew checks: a tick
     *                       is judged by how late its publisher sent it, not by how far behind the bridge is, so a
     *                       backlog (the bridge restarting, or lagging) never turns valid ticks into dead letters
     */
    public Verdict validate(byte[] key, byte[] value, long nowMicros, long receivedMicros) {
        try {
            return check(key, value, nowMicros, receivedMicros);
        } catch (RuntimeException e) {
            // A bug, not bad input: still a verdict, so that one record can never stall the partition.
            return reject(RejectReason.INTERNAL_ERROR, e.toString());
        }
    }

    private Verdict check(byte[] key, byte[] value, long nowMicros, long receivedMicros) {
        int start = value == null ? 0 : firstContentByte(value);
        if (value == null || start == value.length) {
            return reject(RejectReason.EMPTY_PAYLOAD, value == null ? "no value (tombstone)" : "only whitespace");
        }
        if (value.length > maxPayloadBytes) {
            return reject(RejectReason.PAYLOAD_TOO_LARGE,
                    value.length + " bytes, more than the limit of " + maxPayloadBytes);
        }
        MarketTick tick;
        try {
            tick = json.read(withIngestTime(value, start), MarketTick.class);
        } catch (InvalidJsonException e) {
            return reject(reasonOf(e), e.getMessage());
        }
        return checkValues(key, tick, nowMicros, receivedMicros);
    }

    private Verdict checkValues(byte[] key, MarketTick tick, long nowMicros, long receivedMicros) {
        String symbol = tick.getSymbol().toString();
        String venue = tick.getVenue().toString();
        if (symbol.isBlank()) {
            return reject(RejectReason.BLANK_FIELD, "symbol is blank");
        }
        if (venue.isBlank()) {
            return reject(RejectReason.BLANK_FIELD, "venue is blank");
        }
        if (key != null && key.length > 0) {
            String keyText = new String(key, StandardCharsets.UTF_8);
            if (!keyText.equals(symbol)) {
                return reject(RejectReason.KEY_SYMBOL_MISMATCH,
                        "key '" + keyText + "' differs from symbol '" + symbol + "'");
            }
        }
        if (tick.getSequence() < 1) {
            return reject(RejectReason.NON_POSITIVE_SEQUENCE, "sequence " + tick.getSequence() + " is not positive");
        }
        Verdict price = positive("bid", tick.getBid());
        if (price == null) {
            price = positive("ask", tick.getAsk());
        }
        if (price == null) {
            price = positive("last", tick.getLast());
        }
        if (price != null) {
            return price;
        }
        if (tick.getBid() > tick.getAsk()) {
            return reject(RejectReason.BID_ABOVE_ASK, "bid " + tick.getBid() + " > ask " + tick.getAsk());
        }
        Verdict size = nonNegative("bidSize", tick.getBidSize());
        if (size == null) {
            size = nonNegative("askSize", tick.getAskSize());
        }
        if (size == null) {
            size = nonNegative("lastSize", tick.getLastSize());
        }
        if (size != null) {
            return size;
        }
        long exchangeTime = tick.getExchangeTimeMicros();
        if (exchangeTime > receivedMicros + maxFutureSkewMicros) {
            return reject(RejectReason.TIMESTAMP_IN_FUTURE, "exchangeTimeMicros " + exchangeTime + " is "
                    + (exchangeTime - receivedMicros) + " µs ahead of the record's timestamp, more than "
                    + maxFutureSkewMicros);
        }
        if (exchangeTime < receivedMicros - maxPastSkewMicros) {
            return reject(RejectReason.TIMESTAMP_TOO_OLD, "exchangeTimeMicros " + exchangeTime + " is "
                    + (receivedMicros - exchangeTime) + " µs behind the record's timestamp, more than "
                    + maxPastSkewMicros);
        }
        Instrument instrument = instruments.find(symbol);
        if (instrument == null) {
            return reject(RejectReason.UNKNOWN_SYMBOL, "symbol '" + symbol + "' is not in the instruments table");
        }
        if (!instrument.getVenue().toString().equals(venue)) {
            return reject(RejectReason.VENUE_MISMATCH, "venue '" + venue + "' but instrument " + symbol
                    + " trades on '" + instrument.getVenue() + "'");
        }
        tick.setIngestTimeMicros(nowMicros);
        return new Verdict.Accepted(tick);
    }

    private static Verdict positive(String field, double price) {
        return price > 0 ? null : reject(RejectReason.NON_POSITIVE_PRICE, field + " " + price + " is not positive");
    }

    private static Verdict nonNegative(String field, double size) {
        return size >= 0 ? null : reject(RejectReason.NEGATIVE_SIZE, field + " " + size + " is negative");
    }

    private static Verdict.Rejected reject(RejectReason reason, String message) {
        return new Verdict.Rejected(reason, message);
    }

    /** The reason for an {@link EdgeJson} failure, from its problem text (EdgeJson's documented wording). */
    static RejectReason reasonOf(InvalidJsonException e) {
        String problem = e.problem();
        if (problem.startsWith("malformed JSON")) {
            return RejectReason.MALFORMED_JSON;
        }
        if (problem.startsWith("missing required field")) {
            return RejectReason.MISSING_FIELD;
        }
        if (problem.startsWith("null for a non-nullable")
                || (problem.startsWith("wrong type") && problem.endsWith("found null"))) {
            return RejectReason.NULL_FIELD;
        }
        if (problem.startsWith("integer out of")) {
            return RejectReason.NUMBER_OUT_OF_RANGE;
        }
        if (problem.startsWith("non-finite number")) {
            return RejectReason.NON_FINITE_NUMBER;
        }
        if (problem.startsWith("unknown ") && problem.contains(" symbol")) {
            return RejectReason.UNKNOWN_ENUM_SYMBOL;
        }
        if (problem.startsWith("wrong type") && "$".equals(e.path())) {
            return RejectReason.NOT_AN_OBJECT;
        }
        return RejectReason.WRONG_TYPE;
    }

    /**
     * The JSON with {@code "ingestTimeMicros":0} as its first member, so that EdgeJson's required field is present
     * whether or not the producer sent it; a producer's own value comes later in the object and wins (it is replaced
     * by the bridge clock anyway). Values that do not start an object with at least one member go through unchanged
     * and fail in EdgeJson with the right problem.
     */
    private static byte[] withIngestTime(byte[] value, int start) {
        if (value[start] != '{') {
            return value;
        }
        int next = skipWhitespace(value, start + 1);
        if (next == value.length || value[next] == '}') {
            return value;
        }
        byte[] prefixed = new byte[INGEST_TIME_PREFIX.length + value.length - start - 1];
        System.arraycopy(INGEST_TIME_PREFIX, 0, prefixed, 0, INGEST_TIME_PREFIX.length);
        System.arraycopy(value, start + 1, prefixed, INGEST_TIME_PREFIX.length, value.length - start - 1);
        return prefixed;
    }

    private static int firstContentByte(byte[] value) {
        int i = 0;
        // A UTF-8 byte order mark is not content.
        if (value.length >= 3 && (value[0] & 0xFF) == 0xEF && (value[1] & 0xFF) == 0xBB && (value[2] & 0xFF) == 0xBF) {
            i = 3;
        }
        return skipWhitespace(value, i);
    }

    private static int skipWhitespace(byte[] value, int from) {
        int i = from;
        while (i < value.length && (value[i] == ' ' || value[i] == '\t' || value[i] == '\n' || value[i] == '\r')) {
            i++;
        }
        return i;
    }
}
