package io.atlas.gateway.session;

import io.atlas.gateway.fanout.Update;
import io.atlas.gateway.protocol.Request;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleBiFunction;

/**
 * One WebSocket client as the gateway sees it: its resumable session id, identity, outbound queue, and the
 * subscription state the fan-out thread owns. Fields marked "fan-out thread" are touched only by that thread, which
 * is what makes snapshot-then-live exact without locks.
 */
public final class ClientConnection {

    // a key never sent is due at once, whatever the clock reads (nanoTime may be negative)
    private static final long NEVER_SENT = Long.MIN_VALUE;

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
    // Rate state of a capped subscription, by the fan-out's dense key id: array slots rather than hash lookups, as
    // every update of every symbol of a capped "*" subscription passes here.
    private long[] nextAllowedNanos;
    private Update[] deferred;

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
     * batch of records it is dispatching). An update that comes before its symbol's interval has passed is held
     * (replacing one held before it) until {@code schedule} releases it.
     *
     * @param keyId the fan-out's dense id of the update's {@link Update#key() key}
     */
    public boolean deliver(Update update, int keyId, double maxRate, long nowNanos, ReleaseSchedule schedule) {
        if (held != null) {
            held.add(update);
            return false;
        }
        if (maxRate > 0) {
            if (nextAllowedNanos == null || keyId >= nextAllowedNanos.length) {
                growRateState(keyId);
            }
            long next = nextAllowedNanos[keyId];
            if (next != NEVER_SENT && nowNanos - next < 0) {
                if (deferred[keyId] == null) {
                    schedule.add(next, this, keyId);
                }
                deferred[keyId] = update;
                return false;
            }
            // An older update still waiting for its interval is superseded: releasing it later would send it after
            // this one, out of order.
            deferred[keyId] = null;
            nextAllowedNanos[keyId] = nowNanos + (long) (1e9 / maxRate);
        }
        return outbound.offer(update);
    }

    private void growRateState(int keyId) {
        int length = Math.max(keyId + 1, nextAllowedNanos == null ? 16 : nextAllowedNanos.length * 2);
        int from = nextAllowedNanos == null ? 0 : nextAllowedNanos.length;
        nextAllowedNanos = nextAllowedNanos == null ? new long[length] : Arrays.copyOf(nextAllowedNanos, length);
        Arrays.fill(nextAllowedNanos, from, length, NEVER_SENT);
        deferred = deferred == null ? new Update[length] : Arrays.copyOf(deferred, length);
    }

    /**
     * Fan-out thread, from the {@link ReleaseSchedule}: queues the update held for {@code keyId} if its interval has
     * passed; true when the caller must wake the writer, as after {@link #deliver}. Nothing when the update went
     * otherwise meanwhile, or was held again for a later interval (a later schedule entry releases it).
     */
    boolean release(int keyId, long nowNanos, ToDoubleBiFunction<ClientConnection, Update> rates) {
        if (deferred == null || keyId >= deferred.length || deferred[keyId] == null
                || nowNanos - nextAllowedNanos[keyId] < 0) {
            return false;
        }
        Update update = deferred[keyId];
        deferred[keyId] = null;
        double rate = rates.applyAsDouble(this, update);
        nextAllowedNanos[keyId] = rate > 0 ? nowNanos + (long) (1e9 / rate) : nowNanos;
        return outbound.offer(update);
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
