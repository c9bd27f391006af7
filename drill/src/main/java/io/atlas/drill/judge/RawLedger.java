package io.atlas.drill.judge;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What the drill's outside producer knows about the raw ticks it wrote, per symbol: the sequences the broker
 * acknowledged with their records' timestamps (when each entered Kafka), and the sequences whose send failed for good
 * (never acknowledged, so never produced). Every acknowledged raw tick must reach {@code atlas.ticks} exactly once
 * through the bridge; one that never does is lost from the moment it was acknowledged.
 */
public final class RawLedger {

    private final Map<String, Long> highestAcked = new ConcurrentHashMap<>();
    private final Map<String, Acknowledged> acknowledged = new ConcurrentHashMap<>();
    private final Map<String, Set<Long>> failed = new ConcurrentHashMap<>();

    /** @param timestampMillis the acknowledged record's timestamp, as the send callback's metadata gives it */
    public void acknowledged(String symbol, long sequence, long timestampMillis) {
        highestAcked.merge(symbol, sequence, Math::max);
        acknowledged.computeIfAbsent(symbol, s -> new Acknowledged()).add(sequence, timestampMillis);
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

    /**
     * The oldest record timestamp, in epoch µs, of the acknowledged sequences in {@code (after, before)};
     * {@link Long#MAX_VALUE} when none of them was acknowledged.
     */
    long oldestAcknowledgedBetween(String symbol, long after, long before) {
        Acknowledged acks = acknowledged.get(symbol);
        return acks == null ? Long.MAX_VALUE : acks.oldestBetween(after, before);
    }

    /**
     * One symbol's acknowledged sequences and timestamps, in the order acknowledged. Scanned rather than indexed:
     * a retargeted producer's acks may interleave with the old one's last, and only a window's close looks here.
     */
    private static final class Acknowledged {
        private final Longs sequences = new Longs();
        private final Longs timestampsMillis = new Longs();

        synchronized void add(long sequence, long timestampMillis) {
            sequences.add(sequence);
            timestampsMillis.add(timestampMillis);
        }

        synchronized long oldestBetween(long after, long before) {
            long oldest = Long.MAX_VALUE;
            for (int i = 0; i < sequences.size(); i++) {
                long sequence = sequences.get(i);
                if (sequence > after && sequence < before) {
                    oldest = Math.min(oldest, timestampsMillis.get(i) * 1000);
                }
            }
            return oldest;
        }
    }
}
