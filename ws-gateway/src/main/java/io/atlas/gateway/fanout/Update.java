package io.atlas.gateway.fanout;

/**
 * One prediction as the gateway fans it out: the routing facts, its Kafka position in the predictions topic, and the
 * data frame text, encoded once and written as-is to every subscriber.
 *
 * @param offset offset in the predictions topic, or {@link #UNKNOWN_OFFSET} for a value loaded from the last-value
 *               topic before this replica saw it live
 */
public final class Update {

    public static final long UNKNOWN_OFFSET = -1;

    /** {@link #routedNanos()} of an update the fan-out did not route live (last values, replays). */
    public static final long NOT_ROUTED = Long.MIN_VALUE;

    private final String symbol;
    private final String key;
    private final String venue;
    private final boolean shadow;
    private final int partition;
    private final long offset;
    private final long exchangeTimeMicros;
    private final long ingestTimeMicros;
    private final long scoreStartMicros;
    private final long scoreEndMicros;
    private long routedNanos = NOT_ROUTED;
    private final String predictionJson;
    private final String liveFrame;
    private final byte[] liveBytes;
    private volatile String snapshotFrame;
    private volatile byte[] snapshotBytes;

    Update(String symbol, String venue, boolean shadow, int partition, long offset, long exchangeTimeMicros,
           long ingestTimeMicros, long scoreStartMicros, long scoreEndMicros, int modelVersion,
           String predictionJson) {
        this.symbol = symbol;
        this.key = shadow ? symbol + "#s" : symbol;
        this.venue = venue;
        this.shadow = shadow;
        this.partition = partition;
        this.offset = offset;
        this.exchangeTimeMicros = exchangeTimeMicros;
        this.ingestTimeMicros = ingestTimeMicros;
        this.scoreStartMicros = scoreStartMicros;
        this.scoreEndMicros = scoreEndMicros;
        this.predictionJson = predictionJson;
        this.liveFrame = frame(modelVersion, false);
        this.liveBytes = liveFrame.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        this.modelVersion = modelVersion;
    }

    private final int modelVersion;
    // Set by the fan-out thread before the update is queued anywhere; the queues' locks publish it to the writers.
    private FanOutTrace trace;

    private String frame(int version, boolean snapshot) {
        StringBuilder text = new StringBuilder(predictionJson.length() + symbol.length() + 120);
        text.append("{\"op\":\"data\",\"symbol\":\"").append(symbol) // symbols are [A-Za-z0-9._-/]: no escaping
                .append("\",\"partition\":").append(partition)
                .append(",\"offset\":").append(offset == UNKNOWN_OFFSET ? "null" : Long.toString(offset))
                .append(",\"modelVersion\":").append(version)
                .append(",\"shadow\":").append(shadow)
                .append(",\"snapshot\":").append(snapshot)
                .append(",\"prediction\":").append(predictionJson).append('}');
        return text.toString();
    }

    public String symbol() {
        return symbol;
    }

    public String venue() {
        return venue;
    }

    public boolean shadow() {
        return shadow;
    }

    public int partition() {
        return partition;
    }

    public long offset() {
        return offset;
    }

    public long exchangeTimeMicros() {
        return exchangeTimeMicros;
    }

    public long ingestTimeMicros() {
        return ingestTimeMicros;
    }

    public long scoreStartMicros() {
        return scoreStartMicros;
    }

    public long scoreEndMicros() {
        return scoreEndMicros;
    }

    /**
     * When the fan-out thread routed this update live ({@link System#nanoTime()}), or {@link #NOT_ROUTED}. Written
     * before the update is queued anywhere; the queues' locks publish it to the writer threads.
     */
    public long routedNanos() {
        return routedNanos;
    }

    void routedAt(long nanos) {
        routedNanos = nanos;
    }

    public int modelVersion() {
        return modelVersion;
    }

    /** The fan-out span this update's socket writes resolve, or null when it is not traced. */
    public FanOutTrace trace() {
        return trace;
    }

    void traced(FanOutTrace trace) {
        this.trace = trace;
    }

    /** Conflation key: one pending update per symbol and model kind. */
    public String key() {
        return key;
    }

    /** The data frame for live delivery. */
    public String liveFrame() {
        return liveFrame;
    }

    /** The live data frame as UTF-8, encoded once and written as-is to every subscriber. */
    public byte[] liveBytes() {
        return liveBytes;
    }

    /** The snapshot data frame as UTF-8; built once, on first use. */
    public byte[] snapshotBytes() {
        byte[] bytes = snapshotBytes;
        if (bytes == null) {
            bytes = snapshotFrame().getBytes(java.nio.charset.StandardCharsets.UTF_8);
            snapshotBytes = bytes;
        }
        return bytes;
    }

    /** The same data frame marked {@code "snapshot":true}; built once, on first use. */
    public String snapshotFrame() {
        String frame = snapshotFrame;
        if (frame == null) {
            frame = frame(modelVersion, true);
            snapshotFrame = frame;
        }
        return frame;
    }
}
