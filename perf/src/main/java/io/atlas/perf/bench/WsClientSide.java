package io.atlas.perf.bench;

import org.HdrHistogram.Histogram;

/**
 * The WebSocket client side of a pipeline step, as {@link Step} reads it: clients of the gateway subscribed to every
 * symbol, each live data frame's latency from its prediction's tick exchange time to receipt, in microseconds
 * ({@link Latency}'s unit and range), merged across clients, counted in windows the step opens.
 */
interface WsClientSide extends AutoCloseable {

    /** How many clients there are. */
    int count();

    /** Starts a new window: what was recorded so far is dropped. */
    void reset();

    /** Latency recorded since the last {@link #reset()}, merged across clients (a histogram of the caller's own). */
    Histogram soFar();

    /**
     * Live data frames received by all clients since the last {@link #reset()}; read after {@link #soFar()}, at least
     * the frames that histogram holds.
     */
    long frames();

    /** Throws if a client was closed or failed; cheap enough to call on every poll. */
    void ensureAlive();
}
