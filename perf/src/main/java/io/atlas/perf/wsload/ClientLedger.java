package io.atlas.perf.wsload;

import java.util.HashMap;
import java.util.Map;

/**
 * One client's record of the data updates it received, for the gap and duplicate check. The gateway promises each
 * client every update of its symbols in order, once (a rate-capped subscription: the latest of each symbol, in order);
 * so per symbol the offsets a client receives must only grow. Per symbol of the run's set, it keeps the last offset
 * and how many live updates at or after the verification start it took; a symbol outside the set is only checked
 * for repeats. Called from the client's Jetty callbacks (serial per connection), read once the run has drained.
 */
final class ClientLedger {

    private final Subscription subscription;
    private final SymbolSet set;
    private final long[] lastOffset;
    private final long[] counted;
    private Map<String, Long> otherLast;
    private long duplicates;
    private String firstDuplicate;
    private long unexpected;

    ClientLedger(Subscription subscription, SymbolSet set) {
        this.subscription = subscription;
        this.set = set;
        int slots = subscription.everySymbol() ? set.count() : subscription.symbols().length;
        this.lastOffset = new long[slots];
        this.counted = new long[slots];
        java.util.Arrays.fill(lastOffset, -1);
    }

    /**
     * One update as {@link DataFrames} read it.
     *
     * @param verifyFrom per partition, the first offset the check covers; null before the check starts
     */
    synchronized void update(byte[] frame, int symbolStart, int symbolEnd, int partition, long offset,
                             boolean snapshot, long[] verifyFrom) {
        if (offset < 0) {
            return; // a last value loaded at the gateway's start has no position to check
        }
        int index = set.indexOf(frame, symbolStart, symbolEnd);
        int slot = index < 0 ? -1 : slot(index);
        if (index >= 0 && slot < 0) {
            unexpected++; // one of the run's symbols this client did not ask for
            return;
        }
        if (slot < 0) {
            if (otherLast == null) {
                otherLast = new HashMap<>();
            }
            String symbol = new String(frame, symbolStart, symbolEnd - symbolStart,
                    java.nio.charset.StandardCharsets.US_ASCII);
            Long last = otherLast.put(symbol, offset);
            if (last != null && offset <= last) {
                duplicate(symbol, partition, offset, last, snapshot);
            }
            return;
        }
        if (offset <= lastOffset[slot]) {
            duplicate(set.name(index), partition, offset, lastOffset[slot], snapshot);
            return;
        }
        lastOffset[slot] = offset;
        if (!snapshot && verifyFrom != null && partition < verifyFrom.length && offset >= verifyFrom[partition]) {
            counted[slot]++;
        }
    }

    private void duplicate(String symbol, int partition, long offset, long last, boolean snapshot) {
        if (duplicates++ == 0) {
            firstDuplicate = String.format(java.util.Locale.ROOT, "%s %s update at %d:%d after %d", symbol,
                    snapshot ? "snapshot" : "live", partition, offset, last);
        }
    }

    private int slot(int index) {
        if (subscription.everySymbol()) {
            return index;
        }
        return java.util.Arrays.binarySearch(subscription.symbols(), index);
    }

    synchronized long duplicates() {
        return duplicates;
    }

    /** The first duplicate, described (symbol, snapshot or live, partition:offset, the offset before it); or null. */
    synchronized String firstDuplicate() {
        return firstDuplicate;
    }

    /** Updates of the run's symbols that this client did not subscribe to. */
    synchronized long unexpected() {
        return unexpected;
    }

    /**
     * Updates this client should have had and did not, against what the run produced: for a full-rate client every
     * produced update of its symbols from the verification start; for a rate-capped one the last update of each
     * symbol (the gateway conflates the rest by design).
     */
    synchronized long gaps(ProducedLedger produced) {
        long gaps = 0;
        for (int slot = 0; slot < counted.length; slot++) {
            int symbol = subscription.everySymbol() ? slot : subscription.symbols()[slot];
            if (subscription.conflated()) {
                long last = produced.lastOffset(symbol);
                if (last >= 0 && lastOffset[slot] < last) {
                    gaps++;
                }
            } else {
                gaps += Math.max(0, produced.count(symbol) - counted[slot]);
            }
        }
        return gaps;
    }

    /** How many updates {@link #gaps} expected this client to have. */
    synchronized long expected(ProducedLedger produced) {
        long expected = 0;
        for (int slot = 0; slot < counted.length; slot++) {
            int symbol = subscription.everySymbol() ? slot : subscription.symbols()[slot];
            expected += subscription.conflated() ? (produced.lastOffset(symbol) >= 0 ? 1 : 0) : produced.count(symbol);
        }
        return expected;
    }

    /** Live updates of the run's symbols counted from the verification start. */
    synchronized long counted() {
        long total = 0;
        for (long c : counted) {
            total += c;
        }
        return total;
    }
}
