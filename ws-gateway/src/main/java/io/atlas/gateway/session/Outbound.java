package io.atlas.gateway.session;

import io.atlas.gateway.fanout.FanOutTrace;
import io.atlas.gateway.fanout.Update;
import io.atlas.gateway.ops.GatewayMetrics;
import io.atlas.gateway.protocol.Batching;
import org.eclipse.jetty.util.IteratingCallback;
import org.eclipse.jetty.websocket.api.Callback;

import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * One connection's bounded outbound queue and its single writer: one WebSocket frame in flight at a time, the next
 * only after the previous completed, so nothing ever blocks on a client.
 *
 * <p>Up to {@code capacity} frames queue in order. Beyond it, a data update replaces the pending one for the same
 * symbol and model kind (latest wins, counted as conflated); an update with no pending entry still queues, so the
 * queue is bounded by capacity plus the connection's distinct symbols, and never beyond {@code hardLimit} (then the
 * update is dropped and counted). {@link #fullForNanos} tells the owner how long the queue has stayed full, which
 * is how slow consumers are found and closed. The index of pending updates by symbol that conflation needs is kept
 * only while the queue is that full: below it, queueing an update costs an append.
 *
 * <p>A connection that asked for {@link Batching} gets its queued data updates (live and snapshot) gathered into
 * {@code {"op":"batch","frames":[...]}} frames of at most {@code maxBytes}, each update's shared, once-encoded bytes
 * copied in; a control frame ends a batch and goes alone, so the order is the order of queueing. After an idle spell
 * the first update waits up to {@code lingerMs} for others (never past a full frame or a control frame); while a
 * frame is in flight, whatever queues meanwhile makes the next one. Without batching each data update is its own
 * frame, and queued frames are handed to Jetty together, which gathers them into one socket write.
 *
 * <p>The fan-out thread {@link #offer}s live updates without waking the writer; it wakes the connections it fed once
 * per batch of records ({@link #wake}), so a burst of records leaves in few writes.
 *
 * <p>A traced live update ({@link FanOutTrace}) is told what became of it here: written, replaced, dropped, or
 * discarded with the connection.
 */
public final class Outbound extends IteratingCallback {

    /**
     * A connection's frames are timed (latency, socket hop) at most this often: a histogram record costs more than
     * the rest of a frame's bookkeeping, and a busy connection's frames a few microseconds apart say the same.
     */
    static final long TIMING_INTERVAL_NANOS = TimeUnit.MILLISECONDS.toNanos(10);
    private static final byte[] BATCH_OPEN = "{\"op\":\"batch\",\"frames\":[".getBytes(StandardCharsets.UTF_8);
    private static final byte[] BATCH_CLOSE = "]}".getBytes(StandardCharsets.UTF_8);

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

        byte[] bytes() {
            return snapshot ? update.snapshotBytes() : update.liveBytes();
        }
    }

    private final FrameSink sink;
    private final Executor writers;
    private final GatewayMetrics metrics;
    private final int capacity;
    private final int hardLimit;
    private final long[] written;
    private final Batching batching;
    private final ScheduledExecutorService lingerTimer;
    private ArrayDeque<Object> queue;
    private Map<String, Slot> pendingByKey;
    private long queuedDataBytes;
    // written under the lock; read without it by the housekeeping sweep, which asks every connection often
    private volatile long fullSinceNanos = -1;
    private boolean closed;
    private boolean writing;
    private boolean wakePending;
    private boolean lingering;
    // the frame in flight: a control frame's text, a data Slot, or the Slots of a batch
    private Object inFlight;
    private int inFlightBytes;
    private List<Slot> batch;
    private long timedAtNanos = System.nanoTime() - TIMING_INTERVAL_NANOS;
    private Runnable afterInFlight;

    /**
     * A connection with one data frame per update.
     *
     * @param writers    where an idle connection's next write starts: never the caller (the fan-out thread)
     * @param partitions partitions of the predictions topic, for the per-partition written positions
     */
    public Outbound(FrameSink sink, Executor writers, GatewayMetrics metrics, int capacity, int partitions) {
        this(sink, writers, metrics, capacity, partitions, null, null);
    }

    /**
     * @param batching    the connection's batching, or null for one data frame per update
     * @param lingerTimer runs a lingering batch's wake-up; needed when batching lingers
     */
    public Outbound(FrameSink sink, Executor writers, GatewayMetrics metrics, int capacity, int partitions,
                    Batching batching, ScheduledExecutorService lingerTimer) {
        if (batching != null && batching.lingerMs() > 0 && lingerTimer == null) {
            throw new IllegalArgumentException("a lingering batch needs a timer");
        }
        this.sink = sink;
        this.writers = writers;
        this.metrics = metrics;
        this.capacity = capacity;
        this.hardLimit = capacity * 8;
        this.written = new long[partitions];
        Arrays.fill(written, -1);
        this.batching = batching;
        this.lingerTimer = lingerTimer;
    }

    /** Queues a control frame (ack, error, heartbeat); never conflated, never held back by a linger. */
    public void control(String frame) {
        synchronized (this) {
            if (closed) {
                return;
            }
            queue().add(frame);
            markFull();
            // A lingering batch's wake-up is still to come: wake now rather than hold the control frame back.
            boolean wake = lingering || needsWake();
            lingering = false;
            if (!wake) {
                return;
            }
        }
        wake();
    }

    /** Queues a data frame and starts writing (or lingering); false when it was dropped at the hard limit. */
    public boolean data(Update update, boolean snapshot) {
        boolean wake;
        synchronized (this) {
            if (closed || !enqueue(update, snapshot)) {
                return false;
            }
            wake = wakeAfterData();
        }
        if (wake) {
            wake();
        }
        return true;
    }

    /**
     * Fan-out thread: queues a live update without waking the writer. True when the caller must call {@link #wake}
     * (once, after the batch of records it is dispatching); false when a write or a wake-up is already due.
     */
    public boolean offer(Update update) {
        synchronized (this) {
            return !closed && enqueue(update, false) && wakeAfterData();
        }
    }

    /** Starts the writer on the writer pool: after {@link #offer} said so, or when a linger ends. */
    public void wake() {
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

    /** Under the lock, after a data update was queued: wake now, or start a linger (batching), or nothing. */
    private boolean wakeAfterData() {
        if (lingering) {
            if (queuedDataBytes < batching.maxBytes()) {
                return false;
            }
            lingering = false; // a full frame waits no longer; the timer's wake-up then finds little or nothing
            return true;
        }
        if (writing || wakePending) {
            return false;
        }
        wakePending = true;
        if (batching != null && batching.lingerMs() > 0 && queuedDataBytes < batching.maxBytes()) {
            lingering = true;
            lingerTimer.schedule(this::wake, batching.lingerMs(), TimeUnit.MILLISECONDS);
            return false;
        }
        return true;
    }

    /** Under the lock: appends, or conflates once full, or drops at the hard limit (false). */
    private boolean enqueue(Update update, boolean snapshot) {
        ArrayDeque<Object> q = queue();
        if (q.size() >= capacity) {
            Map<String, Slot> pending = pendingByKey();
            Slot slot = pending.get(update.key());
            if (slot != null) {
                if (slot.traced) {
                    slot.update.trace().skipped(true);
                }
                queuedDataBytes -= slot.bytes().length;
                slot.update = update;
                queuedDataBytes += slot.bytes().length;
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
        queuedDataBytes += slot.bytes().length;
        if (pendingByKey != null) {
            pendingByKey.put(update.key(), slot);
        }
        markFull();
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

    /** The pending data updates by conflation key, built when the queue first reaches capacity. */
    private Map<String, Slot> pendingByKey() {
        if (pendingByKey == null) {
            pendingByKey = new HashMap<>();
            for (Object queued : queue) {
                if (queued instanceof Slot slot) {
                    pendingByKey.put(slot.update.key(), slot);
                }
            }
        }
        return pendingByKey;
    }

    /** Under the lock: a slot leaves the queue; the conflation index goes once the queue is well below capacity. */
    private void dequeued(Slot slot) {
        queuedDataBytes -= slot.bytes().length;
        if (pendingByKey != null) {
            if (queue.size() < capacity / 2) {
                pendingByKey = null;
            } else if (pendingByKey.get(slot.update.key()) == slot) {
                pendingByKey.remove(slot.update.key());
            }
        }
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
    public long fullForNanos(long nowNanos) {
        long since = fullSinceNanos;
        return since < 0 ? 0 : nowNanos - since;
    }

    public synchronized int depth() {
        return queue == null ? 0 : queue.size();
    }

    /** Offset of the last data frame written per partition (-1: none); a copy. */
    public synchronized long[] writtenPositions() {
        return written.clone();
    }

    /**
     * Runs {@code action} once the frame in flight, if any, is written or failed: right away when none is. A session
     * saved at close this way records every frame the socket took, even one whose completion is still being told.
     */
    public void whenSettled(Runnable action) {
        synchronized (this) {
            if (inFlight != null) {
                afterInFlight = action;
                return;
            }
        }
        action.run();
    }

    /** Under the lock: the action waiting for the frame in flight, which is now settled. */
    private Runnable settled() {
        Runnable action = afterInFlight;
        afterInFlight = null;
        return action;
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
            queuedDataBytes = 0;
        }
    }

    @Override
    protected Action process() {
        Object next;
        boolean more;
        synchronized (this) {
            wakePending = false;
            lingering = false;
            if (closed || queue == null || queue.isEmpty()) {
                writing = false;
                return Action.IDLE;
            }
            writing = true;
            next = queue.poll();
            if (next instanceof Slot slot) {
                dequeued(slot);
                if (batching != null) {
                    next = takeBatch(slot);
                }
            }
            inFlight = next;
            more = !queue.isEmpty();
            markFull();
        }
        // Updates leave the queue before they are copied: conflation can no longer touch them.
        byte[] bytes = next instanceof Slot slot ? slot.bytes()
                : next instanceof String text ? text.getBytes(StandardCharsets.UTF_8) : batchBytes();
        inFlightBytes = bytes.length;
        // Still one frame at a time; "more" only lets Jetty gather queued frames into one socket write.
        sink.sendUtf8(bytes, more, Callback.from(this::succeeded, this::failed));
        return Action.SCHEDULED;
    }

    /** Under the lock: {@code first} and the data slots queued right behind it that fit in one batch frame. */
    private List<Slot> takeBatch(Slot first) {
        if (batch == null) {
            batch = new ArrayList<>();
        }
        batch.add(first);
        long size = BATCH_OPEN.length + first.bytes().length + BATCH_CLOSE.length;
        while (queue.peek() instanceof Slot slot && size + 1 + slot.bytes().length <= batching.maxBytes()) {
            queue.poll();
            dequeued(slot);
            batch.add(slot);
            size += 1 + slot.bytes().length;
        }
        return batch;
    }

    /** The batch frame of the slots in flight: their data frames, as encoded once, in a JSON array. */
    private byte[] batchBytes() {
        int size = BATCH_OPEN.length + BATCH_CLOSE.length + batch.size() - 1;
        for (Slot slot : batch) {
            size += slot.bytes().length;
        }
        byte[] frame = new byte[size];
        System.arraycopy(BATCH_OPEN, 0, frame, 0, BATCH_OPEN.length);
        int at = BATCH_OPEN.length;
        for (int i = 0; i < batch.size(); i++) {
            if (i > 0) {
                frame[at++] = ',';
            }
            byte[] bytes = batch.get(i).bytes();
            System.arraycopy(bytes, 0, frame, at, bytes.length);
            at += bytes.length;
        }
        System.arraycopy(BATCH_CLOSE, 0, frame, at, BATCH_CLOSE.length);
        return frame;
    }

    @Override
    protected void onSuccess() {
        Object done;
        Runnable then;
        synchronized (this) {
            done = inFlight;
            inFlight = null;
            if (done instanceof Slot slot) {
                markWritten(slot.update);
            } else if (done instanceof List<?> slots) {
                for (Object slot : slots) {
                    markWritten(((Slot) slot).update);
                }
            }
            then = settled();
        }
        if (then != null) {
            then.run();
        }
        if (done instanceof String) {
            metrics.controlWritten(inFlightBytes);
        } else if (done instanceof Slot slot) {
            dataWritten(List.of(slot));
        } else {
            dataWritten(batch);
            batch.clear();
        }
    }

    /** Under the lock: the offset of a written data frame, for the session's resume positions. */
    private void markWritten(Update update) {
        if (update.offset() != Update.UNKNOWN_OFFSET && update.partition() < written.length) {
            int p = update.partition();
            written[p] = Math.max(written[p], update.offset());
        }
    }

    /**
     * Meters one written frame of data updates: counts always; its latency (that of its oldest live update) and
     * socket hop for at most one frame per {@link #TIMING_INTERVAL_NANOS}.
     */
    private void dataWritten(List<Slot> slots) {
        int live = 0;
        Update oldest = null;
        for (Slot slot : slots) {
            if (slot.traced) {
                slot.update.trace().written();
            }
            if (!slot.snapshot) {
                live++;
                if (oldest == null) {
                    oldest = slot.update;
                }
            }
        }
        long now = System.nanoTime();
        boolean timed = oldest != null && now - timedAtNanos >= TIMING_INTERVAL_NANOS;
        metrics.dataWritten(inFlightBytes, live, slots.size() - live, timed ? oldest.exchangeTimeMicros() : 0,
                batching != null);
        if (timed) {
            timedAtNanos = now;
            if (oldest.routedNanos() != Update.NOT_ROUTED) {
                metrics.hops().written(oldest.routedNanos(), now);
            }
        }
    }

    @Override
    protected void onCompleteFailure(Throwable cause) {
        Object failed;
        Runnable then;
        synchronized (this) {
            failed = inFlight;
            inFlight = null;
            then = settled();
        }
        if (then != null) {
            then.run();
        }
        if (failed instanceof Slot slot && slot.traced) {
            slot.update.trace().skipped(true);
        } else if (failed instanceof List<?> slots) {
            for (Object slot : slots) {
                if (((Slot) slot).traced) {
                    ((Slot) slot).update.trace().skipped(true);
                }
            }
        }
        shutdown();
    }
}
