package io.atlas.perf.wsload;

/**
 * Reads the data updates out of one gateway text frame without building a JSON tree: a plain {@code data} frame holds
 * one, a {@code batch} frame ({@code {"op":"batch","frames":[<data frame>,...]}}) several. A load generator reads
 * hundreds of thousands of updates a second on the cores the gateway also needs, so this scans for the fields it
 * wants, in the order the gateway writes them (outer {@code symbol}, {@code partition}, {@code offset},
 * {@code snapshot}, then the prediction's {@code exchangeTimeMicros} and {@code scoreEndMicros}). Pure and
 * allocation-free.
 */
final class DataFrames {

    /** What one data update carries that the load generator checks. */
    interface Visitor {
        /**
         * @param frame          the whole frame's text; the symbol is {@code frame[symbolStart, symbolEnd)}
         * @param offset         the update's offset, -1 when it is {@code null} (a last value loaded at start)
         * @param exchangeMicros the prediction's tick exchange time, -1 when absent
         * @param scoredMicros   when the prediction was made ({@code scoreEndMicros}), -1 when absent
         */
        void update(String frame, int symbolStart, int symbolEnd, int partition, long offset, boolean snapshot,
                    long exchangeMicros, long scoredMicros);
    }

    static final String DATA = "\"op\":\"data\"";
    private static final String BATCH_START = "{\"op\":\"batch\"";
    private static final String SYMBOL = "\"symbol\":\"";
    private static final String PARTITION = "\"partition\":";
    private static final String OFFSET = "\"offset\":";
    private static final String SNAPSHOT = "\"snapshot\":";
    private static final String EXCHANGE = "\"exchangeTimeMicros\":";
    private static final String SCORED = "\"scoreEndMicros\":";

    private DataFrames() {
    }

    /** Whether {@code frame} is a {@code data} or {@code batch} frame (control frames are neither). */
    static boolean carriesData(String frame) {
        return frame.startsWith("{" + DATA) || frame.startsWith(BATCH_START);
    }

    /** Whether {@code frame} is a {@code batch} frame. */
    static boolean isBatch(String frame) {
        return frame.startsWith(BATCH_START);
    }

    /** Hands every data update of {@code frame} to {@code visitor}, in order; returns how many there were. */
    static int read(String frame, Visitor visitor) {
        int count = 0;
        int at = frame.indexOf(DATA);
        while (at >= 0) {
            int next = frame.indexOf(DATA, at + DATA.length());
            int end = next < 0 ? frame.length() : next;
            int symbolStart = find(frame, SYMBOL, at, end);
            if (symbolStart < 0) {
                break;
            }
            int symbolEnd = frame.indexOf('"', symbolStart);
            int partition = (int) number(frame, find(frame, PARTITION, symbolEnd, end));
            int offsetAt = find(frame, OFFSET, symbolEnd, end);
            long offset = number(frame, offsetAt);
            int snapshotAt = find(frame, SNAPSHOT, Math.max(offsetAt, symbolEnd), end);
            boolean snapshot = snapshotAt >= 0 && frame.charAt(snapshotAt) == 't';
            int exchangeAt = find(frame, EXCHANGE, Math.max(snapshotAt, symbolEnd), end);
            long exchange = number(frame, exchangeAt);
            long scored = number(frame, find(frame, SCORED, Math.max(exchangeAt, symbolEnd), end));
            visitor.update(frame, symbolStart, symbolEnd, partition, offset, snapshot, exchange, scored);
            count++;
            at = next;
        }
        return count;
    }

    /** Index just after {@code field} within {@code [from, to)}, or -1. */
    private static int find(String frame, String field, int from, int to) {
        int at = frame.indexOf(field, from);
        return at < 0 || at >= to ? -1 : at + field.length();
    }

    /** The non-negative integer starting at {@code at}; -1 when there is none (absent, {@code null}). */
    static long number(String frame, int at) {
        if (at < 0) {
            return -1;
        }
        long value = 0;
        int digits = 0;
        for (int i = at; i < frame.length(); i++) {
            char c = frame.charAt(i);
            if (c < '0' || c > '9') {
                break;
            }
            value = value * 10 + (c - '0');
            digits++;
        }
        return digits == 0 ? -1 : value;
    }
}
