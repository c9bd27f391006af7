package io.atlas.gateway.session;

import io.atlas.gateway.fanout.FanOutTrace;
import io.atlas.gateway.fanout.Update;
import io.atlas.gateway.ops.GatewayMetrics;
import org.eclipse.jetty.util.IteratingCallback;
import org.eclipse.jetty.websocket.api.Callback;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;

/**
 * One connection's bounded outbound queue and its single writer: frames are written one at a time with
 * {@code sendText(text, Callback)}, the next only after the previous completed, so nothing ever blocks on a client.
 *
 * <p>Up to {@code capacity} frames queue in order. Beyond it, a data update replaces the pending one for the same
 * symbol and model kind (latest wins, counted as conflated); an update with no pending entry still queues, so the
 * queue is bounded by capacity plus the connection's distinct symbols, and never beyond {@code hardLimit} (then the
 * update is dropped and counted). {@link #fullForNanos} tells the owner how long the queue has stayed full, which
 * is how slow consumers are found and closed.
 *
 * <p>A traced live update ({@link FanOutTrace}) is told what became of it here: written, replaced, dropped, or
 * discarded with the connection.
 */
public final class Outbound extends IteratingCallback {

    /** A queued data frame; its update may be replaced while it waits. */
    private static final class Slot {
        Update update;
        final boolean snapshot;
        // whether update's fan-out span counts this slot
        boolean traced;

        Slot(Update update, boolean snapshot) {
            this.update = update;
            this.snapshot = snapshot;
        }
    }

    private final FrameSink sink;
    private final java.util.concurrent.Executor writers;
    private final GatewayMetrics metrics;
    private final int capacity;
    private final int hardLimit;
    private final long[] written;
    private ArrayDeque<Object> queue;
    private Map<String, Slot> pendingByKey;
    private long fullSinceNanos = -1;
    private boolean closed;
    private Object inFlight;
    private boolean writing;
    private boolean wakePending;

    /**
     * @param writers    where an idle connection's next write starts: never the caller (the fan-out thread)
     * @param partitions partitions of the predictions topic, for the per-partition written positions
     */
    public Outbound(FrameSink sink, java.util.concurrent.Executor writers, GatewayMetrics metrics, int capacity,
                    int partitions) {
        this.sink = sink;
        this.writers = writers;
        this.metrics = metrics;
        this.capacity = capacity;
        this.hardLimit = capacity * 8;
        this.written = new long[partitions];
        java.util.Arrays.fill(written, -1);
    }

    /** Queues a control frame (ack, error, heartbeat); never conflated. */
    public void control(String frame) {
        synchronized (this) {
            if (closed) {
                return;
            }
            queue().add(frame);
            markFull();
            if (!needsWake()) {
                return;
            }
        }
        writers.execute(this::iterate);
    }

    /** Under the lock: whether a writer must be woken (nothing in flight and no wake already pending). */
    private boolean needsWake() {
        if (writing || wakePending) {
            return false;
        }
        wakePending = true;
        return true;
    }

    /** Queues a data frame, conflating when the queue is full; false when it was dropped at the hard limit. */
    public boolean data(Update update, boolean snapshot) {
        synchronized (this) {
            if (closed) {
                return false;
            }
            ArrayDeque<Object> q = queue();
            Map<String, Slot> pending = pendingByKey();
            if (q.size() >= capacity) {
                Slot slot = pending.get(update.key());
                if (slot != null) {
                    if (slot.traced) {
                        slot.update.trace().skipped(true);
                    }
                    slot.update = update;
                    slot.traced = track(update, snapshot);
                    metrics.conflated();
                    markFull();
                    return true;
                }
                if (q.size() >= hardLimit) {
                    if (!snapshot && update.trace() != null) {
                        update.trace().skipped(false);
                    }
                    metrics.dropped();
                    markFull();
                    return false;
                }
            }
            Slot slot = new Slot(update, snapshot);
            slot.traced = track(update, snapshot);
            q.add(slot);
            pending.put(update.key(), slot);
            markFull();
            if (!needsWake()) {
                return true;
            }
        }
        writers.execute(this::iterate);
        return true;
    }

    /** Counts a live update in its fan-out span, if it is traced and the span is still open. */
    private static boolean track(Update update, boolean snapshot) {
        FanOutTrace trace = update.trace();
        return !snapshot && trace != null && trace.queued();
    }

    private ArrayDeque<Object> queue() {
        if (queue == null) {
            queue = new ArrayDeque<>(8);
        }
        return queue;
    }

    private Map<String, Slot> pendingByKey() {
        if (pendingByKey == null) {
            pendingByKey = new HashMap<>();
        }
        return pendingByKey;
    }

    private void markFull() {
        if (queue.size() >= capacity) {
            if (fullSinceNanos < 0) {
                fullSinceNanos = System.nanoTime();
            }
        } else {
            fullSinceNanos = -1;
        }
    }

    /** How long the queue has stayed at or above capacity, 0 when it is not full. */
    public synchronized long fullForNanos(long nowNanos) {
        return fullSinceNanos < 0 ? 0 : nowNanos - fullSinceNanos;
    }

    public synchronized int depth() {
        return queue == null ? 0 : queue.size();
    }

    /** Offset of the last data frame written per partition (-1: none); a copy. */
    public synchronized long[] writtenPositions() {
        return written.clone();
    }

    /** Stops queueing and forgets what is pending; the in-flight write completes or fails on its own. */
    public void shutdown() {
        synchronized (this) {
            closed = true;
            if (queue != null) {
                for (Object queued : queue) {
                    if (queued instanceof Slot slot && slot.traced) {
                        slot.update.trace().skipped(true);
                    }
                }
            }
            queue = null;
            pendingByKey = null;
        }
    }

    @Override
    protected Action process() {
        byte[] bytes;
        boolean more;
        synchronized (this) {
            wakePending = false;
            if (closed || queue == null || queue.isEmpty()) {
                writing = false;
                return Action.IDLE;
            }
            writing = true;
            Object next = queue.poll();
            if (next instanceof Slot slot) {
                if (pendingByKey.get(slot.update.key()) == slot) {
                    pendingByKey.remove(slot.update.key());
                }
                inFlight = slot;
                bytes = slot.snapshot ? slot.update.snapshotBytes() : slot.update.liveBytes();
            } else {
                inFlight = next;
                bytes = ((String) next).getBytes(java.nio.charset.StandardCharsets.UTF_8);
            }
            more = !queue.isEmpty();
            markFull();
        }
        // Still one frame at a time; "more" only lets Jetty gather queued frames into one socket write.
        sink.sendUtf8(bytes, more, Callback.from(this::succeeded, this::failed));
        return Action.SCHEDULED;
    }

    @Override
    protected void onSuccess() {
        Object done;
        synchronized (this) {
            done = inFlight;
            inFlight = null;
            if (done instanceof Slot slot && slot.update.offset() != Update.UNKNOWN_OFFSET
                    && slot.update.partition() < written.length) {
                int p = slot.update.partition();
                written[p] = Math.max(written[p], slot.update.offset());
            }
        }
        if (done instanceof Slot slot) {
            if (slot.traced) {
                slot.update.trace().written();
            }
            String text = slot.snapshot ? slot.update.snapshotFrame() : slot.update.liveFrame();
            metrics.written(text, true, slot.snapshot, slot.update.exchangeTimeMicros());
            if (!slot.snapshot && slot.update.routedNanos() != Update.NOT_ROUTED) {
                metrics.hops().written(slot.update.routedNanos(), System.nanoTime());
            }
        } else if (done instanceof String text) {
            metrics.written(text, false, false, 0);
        }
    }

    @Override
    protected void onCompleteFailure(Throwable cause) {
        Object failed;
        synchronized (this) {
            failed = inFlight;
            inFlight = null;
        }
        if (failed instanceof Slot slot && slot.traced) {
            slot.update.trace().skipped(true);
        }
        shutdown();
    }
}
