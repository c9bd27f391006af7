package io.atlas.gateway.session;

import io.atlas.gateway.fanout.Update;
import io.atlas.gateway.protocol.Request;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One WebSocket client as the gateway sees it: its resumable session id, identity, outbound queue, and the
 * subscription state the fan-out thread owns. Fields marked "fan-out thread" are touched only by that thread, which
 * is what makes snapshot-then-live exact without locks.
 */
public final class ClientConnection {

    private final FrameSink sink;
    private final Outbound outbound;
    private final String remote;
    private final long openedAtNanos = System.nanoTime();
    private volatile String sessionId;
    private volatile ClientIdentity identity;
    private volatile List<Request.Subscribe> subscriptionView = List.of();
    // what the last save held: a save only happens when either changed (written by the saving thread, one at a time)
    private volatile List<Request.Subscribe> savedSubscriptions;
    private volatile long[] savedPositions;

    // fan-out thread
    final Map<String, Request.Subscribe> subscriptions = new LinkedHashMap<>(4);
    private List<Update> held;
    private Map<String, Long> nextAllowedNanos;
    private LinkedHashMap<String, Update> deferred;

    public ClientConnection(String sessionId, ClientIdentity identity, FrameSink sink, Outbound outbound,
                            String remote) {
        this.sessionId = sessionId;
        this.identity = identity;
        this.sink = sink;
        this.outbound = outbound;
        this.remote = remote;
    }

    public String sessionId() {
        return sessionId;
    }

    public void adoptSession(String id) {
        this.sessionId = id;
    }

    public ClientIdentity identity() {
        return identity;
    }

    public void identity(ClientIdentity identity) {
        this.identity = identity;
    }

    public Outbound outbound() {
        return outbound;
    }

    public String remote() {
        return remote;
    }

    public long openedAtNanos() {
        return openedAtNanos;
    }

    public void close(int code, String reason) {
        sink.close(code, reason);
    }

    /** The subscriptions as last published by the fan-out thread; safe from any thread. */
    public List<Request.Subscribe> subscriptionView() {
        return subscriptionView;
    }

    /** Fan-out thread: the live subscription map. */
    public Map<String, Request.Subscribe> subscriptions() {
        return subscriptions;
    }

    /** Fan-out thread: publishes the subscription map for other threads. */
    public void publishSubscriptions() {
        subscriptionView = List.copyOf(subscriptions.values());
    }

    /**
     * The session to save, or null when neither its subscriptions nor its written positions changed since the last
     * save (checked without building the document, since every connection is asked every save period).
     */
    public SessionState stateIfChanged() {
        long[] written = outbound.writtenPositions();
        List<Request.Subscribe> subscriptions = subscriptionView;
        if (subscriptions == savedSubscriptions && Arrays.equals(written, savedPositions)) {
            return null;
        }
        savedSubscriptions = subscriptions;
        savedPositions = written;
        Map<Integer, Long> positions = new HashMap<>();
        for (int p = 0; p < written.length; p++) {
            if (written[p] >= 0) {
                positions.put(p, written[p]);
            }
        }
        return new SessionState(subscriptions, positions);
    }

    // ---- fan-out thread only below ----

    /** Fan-out thread: holds live updates (in order) while a resume replays what came before them. */
    public void holdLive() {
        held = new ArrayList<>();
    }

    public boolean holding() {
        return held != null;
    }

    /** Fan-out thread: ends the hold, returning what was held. */
    public List<Update> releaseHeld() {
        List<Update> out = held == null ? List.of() : held;
        held = null;
        return out;
    }

    /**
     * Fan-out thread: a live update for this connection, subject to hold and the subscription's max rate. True when
     * it was queued on an idle connection, whose writer the caller must then {@link Outbound#wake} (once, after the
     * batch of records it is dispatching).
     */
    public boolean deliver(Update update, double maxRate, long nowNanos) {
        if (held != null) {
            held.add(update);
            return false;
        }
        if (maxRate > 0) {
            if (nextAllowedNanos == null) {
                nextAllowedNanos = new HashMap<>();
            }
            Long next = nextAllowedNanos.get(update.key());
            if (next != null && nowNanos < next) {
                if (deferred == null) {
                    deferred = new LinkedHashMap<>();
                }
                deferred.put(update.key(), update);
                return false;
            }
            nextAllowedNanos.put(update.key(), nowNanos + (long) (1e9 / maxRate));
        }
        return outbound.offer(update);
    }

    /** Fan-out thread: whether updates wait for their max-rate interval. */
    public boolean hasDeferred() {
        return deferred != null && !deferred.isEmpty();
    }

    /**
     * Fan-out thread: queues the rate-limited updates whose interval has passed; true when the caller must wake the
     * writer, as after {@link #deliver}.
     */
    public boolean releaseDeferred(long nowNanos, java.util.function.ToDoubleFunction<Update> rate) {
        if (deferred == null) {
            return false;
        }
        boolean wake = false;
        for (var it = deferred.values().iterator(); it.hasNext(); ) {
            Update update = it.next();
            Long next = nextAllowedNanos.get(update.key());
            if (next == null || nowNanos >= next) {
                it.remove();
                double r = rate.applyAsDouble(update);
                nextAllowedNanos.put(update.key(), r > 0 ? nowNanos + (long) (1e9 / r) : nowNanos);
                wake |= outbound.offer(update);
            }
        }
        return wake;
    }

    /** Fan-out thread: forgets rate state, e.g. after unsubscribing. */
    public void clearRateState() {
        nextAllowedNanos = null;
        deferred = null;
    }

    @Override
    public String toString() {
        return "connection " + sessionId + " from " + remote;
    }
}
