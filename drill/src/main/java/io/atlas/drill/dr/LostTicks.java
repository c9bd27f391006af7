package io.atlas.drill.dr;

/**
 * The ticks the primary region had and the DR region never got, of either kind: how many, and when the oldest of them
 * entered Kafka on the primary. A simulated tick carries that time as its ingest time, read there by the judge; a raw
 * tick was never read anywhere (the bridge had not got to it, or the mirror had not copied it), so its time is its
 * acknowledged record's timestamp, which the outside producer's send callback reported.
 */
final class LostTicks {

    private long count;
    private long oldestMicros = Long.MAX_VALUE;

    /** A simulated tick ingested at {@code ingestMicros} that never reached the DR cluster. */
    void simulated(long ingestMicros) {
        count++;
        oldestMicros = Math.min(oldestMicros, ingestMicros);
    }

    /**
     * Raw ticks that never reached the DR cluster.
     *
     * @param oldestAcknowledgedMicros the oldest one's acknowledged record timestamp; 0 when none was acknowledged
     */
    void raw(long ticks, long oldestAcknowledgedMicros) {
        count += ticks;
        if (ticks > 0 && oldestAcknowledgedMicros > 0) {
            oldestMicros = Math.min(oldestMicros, oldestAcknowledgedMicros);
        }
    }

    long count() {
        return count;
    }

    /**
     * The data window lost, in seconds: the loss instant minus the time of the oldest lost tick; 0 when none was
     * lost. A tick written to the DR cluster after the loss and still unread when its window settled is counted as
     * lost, but it is no data the loss cost: alone, it gives 0, not a negative window.
     */
    double windowSeconds(long lossMicros) {
        if (oldestMicros == Long.MAX_VALUE) {
            return 0;
        }
        return Math.max(0, lossMicros - oldestMicros) / 1e6;
    }
}
