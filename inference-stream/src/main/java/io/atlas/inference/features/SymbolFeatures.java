package io.atlas.inference.features;

import io.atlas.events.MarketTick;

import java.nio.ByteBuffer;

/**
 * The rolling state of one symbol's features, updated by each of its ticks; {@link FeatureExtractor} is the only
 * code that reads or changes it, in the stream and in training alike.
 *
 * <p>Mutable and single-threaded: one instance per symbol per stream task. {@link #writeTo}/{@link #readFrom} give a
 * compact fixed-size binary form ({@value #BYTES} bytes, big-endian) for the changelogged state store.
 */
public final class SymbolFeatures {

    /** Longest mid-change horizon, in ticks: the ring keeps this many previous mids. */
    static final int HISTORY = 20;
    private static final byte FORMAT = 1;
    /** Size of the binary form: format, three longs, seven doubles, the ring head and the ring. */
    public static final int BYTES = 1 + 3 * Long.BYTES + 7 * Double.BYTES + 1 + HISTORY * Double.BYTES;

    long lastSequence;
    long accepted;
    long lastExchangeMicros;
    double lastMid;
    double ewmaSquaredMove;
    double ewmaIntervalMicros;
    double vwapNumerator;
    double vwapDenominator;
    double flowSigned;
    double flowAbsolute;
    /** mids[(head - k) mod HISTORY] is the mid k ticks ago, for 1 <= k <= HISTORY. */
    final double[] mids = new double[HISTORY];
    int head;

    /** Sequence number of the last tick taken into account; 0 before the first. */
    public long lastSequence() {
        return lastSequence;
    }

    /** How many ticks have been taken into account so far. */
    public long accepted() {
        return accepted;
    }

    /** Mid price of the last tick taken into account. */
    public double lastMid() {
        return lastMid;
    }

    /** Whether {@code tick} is newer than the last one taken into account (sequence numbers only grow). */
    public boolean isNew(MarketTick tick) {
        return tick.getSequence() > lastSequence;
    }

    public void writeTo(ByteBuffer out) {
        out.put(FORMAT);
        out.putLong(lastSequence);
        out.putLong(accepted);
        out.putLong(lastExchangeMicros);
        out.putDouble(lastMid);
        out.putDouble(ewmaSquaredMove);
        out.putDouble(ewmaIntervalMicros);
        out.putDouble(vwapNumerator);
        out.putDouble(vwapDenominator);
        out.putDouble(flowSigned);
        out.putDouble(flowAbsolute);
        out.put((byte) head);
        for (double mid : mids) {
            out.putDouble(mid);
        }
    }

    /**
     * Reads what {@link #writeTo} wrote.
     *
     * @throws IllegalArgumentException when the bytes are of another format or corrupt
     * @throws java.nio.BufferUnderflowException when they end early
     */
    public static SymbolFeatures readFrom(ByteBuffer in) {
        byte format = in.get();
        if (format != FORMAT) {
            throw new IllegalArgumentException("Unknown symbol feature state format " + format);
        }
        SymbolFeatures state = new SymbolFeatures();
        state.lastSequence = in.getLong();
        state.accepted = in.getLong();
        state.lastExchangeMicros = in.getLong();
        state.lastMid = in.getDouble();
        state.ewmaSquaredMove = in.getDouble();
        state.ewmaIntervalMicros = in.getDouble();
        state.vwapNumerator = in.getDouble();
        state.vwapDenominator = in.getDouble();
        state.flowSigned = in.getDouble();
        state.flowAbsolute = in.getDouble();
        state.head = in.get();
        if (state.head < 0 || state.head >= HISTORY) {
            throw new IllegalArgumentException("Corrupt symbol feature state: ring head " + state.head);
        }
        for (int i = 0; i < HISTORY; i++) {
            state.mids[i] = in.getDouble();
        }
        return state;
    }

    @Override
    public boolean equals(Object other) {
        if (!(other instanceof SymbolFeatures that)) {
            return false;
        }
        return lastSequence == that.lastSequence && accepted == that.accepted
                && lastExchangeMicros == that.lastExchangeMicros && Double.compare(lastMid, that.lastMid) == 0
                && Double.compare(ewmaSquaredMove, that.ewmaSquaredMove) == 0
                && Double.compare(ewmaIntervalMicros, that.ewmaIntervalMicros) == 0
                && Double.compare(vwapNumerator, that.vwapNumerator) == 0
                && Double.compare(vwapDenominator, that.vwapDenominator) == 0
                && Double.compare(flowSigned, that.flowSigned) == 0
                && Double.compare(flowAbsolute, that.flowAbsolute) == 0 && head == that.head
                && java.util.Arrays.equals(mids, that.mids);
    }

    @Override
    public int hashCode() {
        return Long.hashCode(lastSequence) * 31 + Long.hashCode(accepted);
    }
}
