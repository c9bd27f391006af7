package io.atlas.perf.wsload;

import java.util.Arrays;

/**
 * What the load generator's own producer wrote from the verification start on: per symbol of the set, how many
 * predictions and the offset of the last one. The start is set while the producer is paused with nothing in flight
 * ({@link PredictionSource#pauseAndRun}), so every acknowledgement after it is inside the check and none before.
 */
final class ProducedLedger {

    private final long[] counts;
    private final long[] lastOffsets;
    private volatile long[] verifyFrom;

    ProducedLedger(SymbolSet set) {
        counts = new long[set.count()];
        lastOffsets = new long[set.count()];
        Arrays.fill(lastOffsets, -1);
    }

    /** Starts the check at {@code fromOffsets} (per partition: the end offsets while nothing was in flight). */
    void start(long[] fromOffsets) {
        verifyFrom = fromOffsets.clone();
    }

    /** Per partition, the first offset the check covers; null before it starts. */
    long[] verifyFrom() {
        return verifyFrom;
    }

    boolean started() {
        return verifyFrom != null;
    }

    /** An acknowledged write of the symbol numbered {@code symbol}. */
    synchronized void acknowledged(int symbol, int partition, long offset) {
        long[] from = verifyFrom;
        if (from == null || offset < from[partition]) {
            return;
        }
        counts[symbol]++;
        lastOffsets[symbol] = Math.max(lastOffsets[symbol], offset);
    }

    synchronized long count(int symbol) {
        return counts[symbol];
    }

    /** Offset of the symbol's last write inside the check, -1 when there was none. */
    synchronized long lastOffset(int symbol) {
        return lastOffsets[symbol];
    }

    synchronized long total() {
        long total = 0;
        for (long c : counts) {
            total += c;
        }
        return total;
    }
}
