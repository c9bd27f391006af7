package io.atlas.perf.bench;

import java.time.Duration;

/**
 * Watches a WebSocket client's live data frames for the first one carrying an expected live model version and scored
 * after a given time, and remembers when it arrived. The time bound keeps out a frame of that version left over
 * from the last time it was live (a frame still in flight from before the previous change).
 */
final class VersionWatch implements WsClients.LiveFrames {

    private static final String MODEL_VERSION = "\"modelVersion\":";
    private static final String SCORE_START = "\"scoreStartMicros\":";
    private static final String SHADOW = "\"shadow\":true";

    private int version = -1;
    private long scoredFromMicros;
    private long firstMicros = -1;

    /** From now on, look for a live frame of {@code version} scored at or after {@code scoredFromMicros}. */
    synchronized void expect(int version, long scoredFromMicros) {
        this.version = version;
        this.scoredFromMicros = scoredFromMicros;
        this.firstMicros = -1;
    }

    @Override
    public synchronized void received(String frame, long receivedMicros) {
        if (firstMicros >= 0 || version < 0 || frame.contains(SHADOW)) {
            return;
        }
        if (WsClients.number(frame, MODEL_VERSION) == version
                && WsClients.number(frame, SCORE_START) >= scoredFromMicros) {
            firstMicros = receivedMicros;
            notifyAll();
        }
    }

    /** When the expected frame arrived (epoch micros); fails after {@code bound}. */
    synchronized long awaitFirst(Duration bound) throws InterruptedException {
        long deadline = System.nanoTime() + bound.toNanos();
        while (firstMicros < 0) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new IllegalStateException("no live frame of model version " + version + " within " + bound);
            }
            wait(Math.max(1, left / 1_000_000));
        }
        return firstMicros;
    }
}
