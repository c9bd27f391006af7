package io.atlas.perf.wsload;

import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

/**
 * What every client received during the current window, merged: live data updates, the WebSocket frames that carried
 * them, their characters, and two latencies per update, from the prediction's {@code scoreEndMicros} and from its
 * tick's {@code exchangeTimeMicros} to receipt (HdrHistogram {@link Recorder}s, written by many client threads at
 * once, cut without stopping them). Snapshot frames are not live and count in neither.
 */
final class Deliveries {

    /** Ten minutes in microseconds: the longest latency kept. */
    static final long HIGHEST_MICROS = TimeUnit.MINUTES.toMicros(10);

    private final LongAdder updates = new LongAdder();
    private final LongAdder frames = new LongAdder();
    private final LongAdder chars = new LongAdder();
    private final Recorder fromPrediction = new Recorder(HIGHEST_MICROS, 3);
    private final Recorder fromTick = new Recorder(HIGHEST_MICROS, 3);
    // A Recorder hands each value to one read only: the window's values read so far are kept here, so that a cut
    // during the window (a peek) leaves them for the next cut (its close).
    private final Histogram windowFromPrediction = new Histogram(HIGHEST_MICROS, 3);
    private final Histogram windowFromTick = new Histogram(HIGHEST_MICROS, 3);

    /** A text frame carrying {@code liveUpdates} live updates. */
    void frame(int length, int liveUpdates) {
        frames.increment();
        chars.add(length);
        if (liveUpdates > 0) {
            updates.add(liveUpdates);
        }
    }

    void latency(long receivedMicros, long scoredMicros, long exchangeMicros) {
        if (scoredMicros > 0) {
            fromPrediction.recordValue(clamp(receivedMicros - scoredMicros));
        }
        if (exchangeMicros > 0) {
            fromTick.recordValue(clamp(receivedMicros - exchangeMicros));
        }
    }

    private static long clamp(long micros) {
        return Math.max(0, Math.min(micros, HIGHEST_MICROS));
    }

    /** Starts a new window: what was counted so far is dropped. */
    synchronized void reset() {
        fromPrediction.reset();
        fromTick.reset();
        windowFromPrediction.reset();
        windowFromTick.reset();
        updates.reset();
        frames.reset();
        chars.reset();
    }

    /**
     * Everything counted since the last {@link #reset()}; the counters go on, and a later cut holds this one's
     * values too. The histograms are copies.
     */
    synchronized Snapshot cut() {
        windowFromPrediction.add(fromPrediction.getIntervalHistogram());
        windowFromTick.add(fromTick.getIntervalHistogram());
        return new Snapshot(updates.sum(), frames.sum(), chars.sum(), windowFromPrediction.copy(),
                windowFromTick.copy());
    }

    /** Counts of one window; latencies in microseconds. */
    record Snapshot(long updates, long frames, long chars, Histogram fromPrediction, Histogram fromTick) {
    }
}
