package io.atlas.gateway.fanout;

import io.atlas.ops.trace.TraceAttributes;

import io.opentelemetry.api.trace.Span;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * The {@value #SPAN} span of one sampled live update, from the record's arrival to the last socket write it is
 * waiting for. The update is encoded once and written to many sockets by Jetty callbacks on writer threads, so the
 * span counts what is outstanding: the dispatch itself, then each subscriber queue holding the update. It ends when
 * the last of them is resolved: the frame's write completed on the socket, or the update was replaced by a newer
 * one (conflation), dropped or discarded with a closed connection. {@link TraceAttributes#CLIENTS_WRITTEN} and
 * {@link TraceAttributes#CLIENTS_SKIPPED} say how it went. A delivery released after the span ended (a rate-limited
 * or resume-held update, a snapshot) is not counted: the span is over, and resurrecting it is not possible.
 */
public final class FanOutTrace {

    public static final String SPAN = "fan-out";

    private final Span span;
    // Starts at 1 for the dispatch, so the span cannot end while the fan-out thread is still handing it out.
    private final AtomicInteger outstanding = new AtomicInteger(1);
    private final AtomicInteger written = new AtomicInteger();
    private final AtomicInteger skipped = new AtomicInteger();

    FanOutTrace(Span span) {
        this.span = span;
    }

    /** A subscriber queue now holds the update; false (and not counted) when the span already ended. */
    public boolean queued() {
        return outstanding.getAndUpdate(n -> n == 0 ? 0 : n + 1) != 0;
    }

    /** A queued update's frame was written to the socket. */
    public void written() {
        written.incrementAndGet();
        release();
    }

    /** A subscriber did not get the update: {@code wasQueued} when it had been counted by {@link #queued()}. */
    public void skipped(boolean wasQueued) {
        skipped.incrementAndGet();
        if (wasQueued) {
            release();
        }
    }

    /** The fan-out thread handed the update to every matching connection. */
    void dispatched() {
        release();
    }

    private void release() {
        if (outstanding.decrementAndGet() == 0) {
            span.setAttribute(TraceAttributes.CLIENTS_WRITTEN, (long) written.get());
            span.setAttribute(TraceAttributes.CLIENTS_SKIPPED, (long) skipped.get());
            span.end();
        }
    }
}
