package io.atlas.perf.wsload;

import java.nio.charset.StandardCharsets;

/**
 * Reads the data updates out of one gateway text frame, as its UTF-8 bytes, without decoding it to a string or
 * building a JSON tree: a plain {@code data} frame holds one, a {@code batch} frame
 * ({@code {"op":"batch","frames":[<data frame>,...]}}) several. A load generator reads hundreds of thousands of updates
 * a second on the cores the gateway also needs, so this scans for the fields it wants, in the order the gateway
 * writes them (outer {@code symbol}, {@code partition}, {@code offset}, {@code snapshot}, then the prediction's
 * {@code exchangeTimeMicros} and {@code scoreEndMicros}). Pure and allocation-free.
 */
final class DataFrames {

    /** What one data update carries that the load generator checks. */
    interface Visitor {
        /**
         * @param frame          the whole frame's bytes; the symbol is {@code frame[symbolStart, symbolEnd)}
         * @param offset         the update's offset, -1 when it is {@code null} (a last value loaded at start)
         * @param exchangeMicros the prediction's tick exchange time, -1 when absent
         * @param scoredMicros   when the prediction was made ({@code scoreEndMicros}), -1 when absent
         */
        void update(byte[] frame, int symbolStart, int symbolEnd, int partition, long offset, boolean snapshot,
                    long exchangeMicros, long scoredMicros);
    }

    private static final byte[] DATA_START = bytes("{\"op\":\"data\"");
    private static final byte[] BATCH_START = bytes("{\"op\":\"batch\"");
    private static final byte[] DATA = bytes("\"op\":\"data\"");
    private static final byte[] ACK_START = bytes("{\"op\":\"ack\"");
    private static final byte[] ERROR_START = bytes("{\"op\":\"error\"");
    private static final byte[] SYMBOL = bytes("\"symbol\":\"");
    private static final byte[] PARTITION = bytes("\"partition\":");
    private static final byte[] OFFSET = bytes("\"offset\":");
    private static final byte[] SNAPSHOT = bytes("\"snapshot\":");
    private static final byte[] EXCHANGE = bytes("\"exchangeTimeMicros\":");
    private static final byte[] SCORED = bytes("\"scoreEndMicros\":");

    private DataFrames() {
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    /** Whether the frame of {@code length} bytes is a {@code data} or {@code batch} frame (control frames are not). */
    static boolean carriesData(byte[] frame, int length) {
        return startsWith(frame, length, DATA_START) || startsWith(frame, length, BATCH_START);
    }

    /** Whether it is an {@code ack} frame. */
    static boolean isAck(byte[] frame, int length) {
        return startsWith(frame, length, ACK_START);
    }

    /** Whether it is an {@code error} frame. */
    static boolean isError(byte[] frame, int length) {
        return startsWith(frame, length, ERROR_START);
    }

    private static boolean startsWith(byte[] frame, int length, byte[] prefix) {
        return length >= prefix.length && indexOf(frame, prefix, 0, prefix.length) == 0;
    }

    /** Hands every data update of the frame's first {@code length} bytes to {@code visitor}, in order; returns how many. */
    static int read(byte[] frame, int length, Visitor visitor) {
        int count = 0;
        int at = indexOf(frame, DATA, 0, length);
        while (at >= 0) {
            int next = indexOf(frame, DATA, at + DATA.length, length);
            int end = next < 0 ? length : next;
            int symbolStart = after(frame, SYMBOL, at, end);
            if (symbolStart < 0) {
                break;
            }
            int symbolEnd = symbolStart;
            while (symbolEnd < end && frame[symbolEnd] != '"') {
                symbolEnd++;
            }
            int partition = (int) number(frame, after(frame, PARTITION, symbolEnd, end), end);
            int offsetAt = after(frame, OFFSET, symbolEnd, end);
            long offset = number(frame, offsetAt, end);
            int snapshotAt = after(frame, SNAPSHOT, Math.max(offsetAt, symbolEnd), end);
            boolean snapshot = snapshotAt >= 0 && frame[snapshotAt] == 't';
            int exchangeAt = after(frame, EXCHANGE, Math.max(snapshotAt, symbolEnd), end);
            long exchange = number(frame, exchangeAt, end);
            long scored = number(frame, after(frame, SCORED, Math.max(exchangeAt, symbolEnd), end), end);
            visitor.update(frame, symbolStart, symbolEnd, partition, offset, snapshot, exchange, scored);
            count++;
            at = next;
        }
        return count;
    }

    /** Index just after {@code field} within {@code [from, to)}, or -1. */
    private static int after(byte[] frame, byte[] field, int from, int to) {
        int at = indexOf(frame, field, from, to);
        return at < 0 ? -1 : at + field.length;
    }

    /** First index of {@code pattern} wholly within {@code [from, to)}, or -1. */
    static int indexOf(byte[] frame, byte[] pattern, int from, int to) {
        byte first = pattern[0];
        for (int i = Math.max(from, 0); i <= to - pattern.length; i++) {
            if (frame[i] != first) {
                continue;
            }
            int j = 1;
            while (j < pattern.length && frame[i + j] == pattern[j]) {
                j++;
            }
            if (j == pattern.length) {
                return i;
            }
        }
        return -1;
    }

    /** The non-negative integer starting at {@code at}; -1 when there is none (absent, {@code null}). */
    static long number(byte[] frame, int at, int to) {
        if (at < 0) {
            return -1;
        }
        long value = 0;
        int digits = 0;
        for (int i = at; i < to; i++) {
            byte c = frame[i];
            if (c < '0' || c > '9') {
                break;
            }
            value = value * 10 + (c - '0');
            digits++;
        }
        return digits == 0 ? -1 : value;
    }
}
