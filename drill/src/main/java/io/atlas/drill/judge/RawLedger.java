package io.atlas.drill.judge;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What the drill's outside producer knows about the raw ticks it wrote, per symbol: the highest sequence the broker
 * acknowledged, and the sequences whose send failed for good (never acknowledged, so never produced). Every
 * acknowledged raw tick must reach {@code atlas.ticks} exactly once through the bridge.
 */
public final class RawLedger {

    private final Map<String, Long> highestAcked = new ConcurrentHashMap<>();
    private final Map<String, Set<Long>> failed = new ConcurrentHashMap<>();

    public void acknowledged(String symbol, long sequence) {
        highestAcked.merge(symbol, sequence, Math::max);
    }

    public void failed(String symbol, long sequence) {
        failed.computeIfAbsent(symbol, s -> ConcurrentHashMap.newKeySet()).add(sequence);
    }

    /** The highest acknowledged sequence of every symbol, now. */
    public Map<String, Long> highestAcknowledged() {
        return Map.copyOf(highestAcked);
    }

    /** How many sequences in {@code (after, before)} failed for good. */
    long failedBetween(String symbol, long after, long before) {
        Set<Long> sequences = failed.get(symbol);
        if (sequences == null) {
            return 0;
        }
        return sequences.stream().filter(s -> s > after && s < before).count();
    }

    long failedCount() {
        return failed.values().stream().mapToLong(Set::size).sum();
    }
}
