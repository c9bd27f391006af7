package io.atlas.inference.features;

import io.atlas.events.MarketTick;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/**
 * The rolling state of one symbol's features, updated by each of its ticks; {@link FeatureExtractor} is the only
 * code that reads or changes it, in the stream and in training alike.
 *
 * <p>Mutable and single-threaded: one instance per symbol per stream task. {@link #writeTo}/{@link #readFrom} give a
 * compact fixed-size binary form (about 250 bytes) for the changelogged state store.
 */
public final class SymbolFeatures {

    /** Longest mid-change horizon, in ticks: the ring keeps this many previous mids. */
    static final int HISTORY = 20;
    private static final byte FORMAT = 1;

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

    public void writeTo(DataOutput out) throws IOException {
        out.writeByte(FORMAT);
        out.writeLong(lastSequence);
        out.writeLong(accepted);
        out.writeLong(lastExchangeMicros);
        out.writeDouble(lastMid);
        out.writeDouble(ewmaSquaredMove);
        out.writeDouble(ewmaIntervalMicros);
        out.writeDouble(vwapNumerator);
        out.writeDouble(vwapDenominator);
        out.writeDouble(flowSigned);
        out.writeDouble(flowAbsolute);
        out.writeByte(head);
        for (double mid : mids) {
            out.writeDouble(mid);
        }
    }

    public static SymbolFeatures readFrom(DataInput in) throws IOException {
        byte format = in.readByte();
        if (format != FORMAT) {
            throw new IOException("Unknown symbol feature state format " + format);
        }
        SymbolFeatures state = new SymbolFeatures();
        state.lastSequence = in.readLong();
        state.accepted = in.readLong();
        state.lastExchangeMicros = in.readLong();
        state.lastMid = in.readDouble();
        state.ewmaSquaredMove = in.readDouble();
        state.ewmaIntervalMicros = in.readDouble();
        state.vwapNumerator = in.readDouble();
        state.vwapDenominator = in.readDouble();
        state.flowSigned = in.readDouble();
        state.flowAbsolute = in.readDouble();
        state.head = in.readByte();
        if (state.head < 0 || state.head >= HISTORY) {
            throw new IOException("Corrupt symbol feature state: ring head " + state.head);
        }
        for (int i = 0; i < HISTORY; i++) {
            state.mids[i] = in.readDouble();
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
