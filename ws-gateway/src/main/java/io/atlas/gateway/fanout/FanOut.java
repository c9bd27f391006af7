package io.atlas.gateway.fanout;

import io.atlas.gateway.protocol.ErrorCode;
import io.atlas.gateway.protocol.Request;
import io.atlas.gateway.protocol.ServerFrames;
import io.atlas.gateway.session.ClientConnection;
import io.atlas.gateway.session.Outbound;
import io.atlas.gateway.session.ReleaseSchedule;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;

/**
 * Routes each prediction to the connections that subscribed to it, and applies subscription changes. Everything here
 * runs on the single fan-out thread (the Kafka consumer thread), between batches of records: a subscribe sees the
 * cache exactly as of the last dispatched record, so its snapshot followed by the live updates after it has no gap
 * and no duplicate. Other threads hand work over with {@link #submit}. Delivering never blocks: it appends to the
 * connection's bounded outbound queue.
 */
public final class FanOut {

    /** A connection an update goes to, with the most permissive max rate of its matching subscriptions. */
    private record Target(ClientConnection connection, double maxRate) {
    }

    /**
     * The connections a symbol's updates go to; resolved for one venue, as a symbol keeps its venue. With the key's
     * dense id, which connections index their rate state by.
     */
    private record Route(String venue, Target[] targets, int keyId) {
    }

    private static final Target[] NONE = new Target[0];

    private final LastValueCache cache;
    private final int maxSubscriptions;
    private final Executor writers;
    private final int writerThreads;
    private final Set<ClientConnection> connections = new LinkedHashSet<>();
    private final Map<String, Route> routes = new HashMap<>();
    // dense ids of the update keys seen, never reused: they outlive routes, which are dropped on every change
    private final Map<String, Integer> keyIds = new HashMap<>();
    private final ReleaseSchedule deferred = new ReleaseSchedule();
    private final ConcurrentLinkedQueue<Runnable> commands = new ConcurrentLinkedQueue<>();
    // connections fed since the last flush whose writer is idle
    private List<Outbound> toWake = new ArrayList<>();
    private volatile Runnable wakeUp = () -> { };
    private volatile int subscriptionCount;

    /** A fan-out whose {@link #flush} writes on the calling thread: for measuring its own cost alone. */
    public FanOut(LastValueCache cache, int maxSubscriptions) {
        this(cache, maxSubscriptions, Runnable::run, 1);
    }

    /**
     * @param writers       where {@link #flush} starts the writes of the connections fed since the last one
     * @param writerThreads how many threads {@code writers} has: the connections are split into as many tasks
     */
    public FanOut(LastValueCache cache, int maxSubscriptions, Executor writers, int writerThreads) {
        this.cache = cache;
        this.maxSubscriptions = maxSubscriptions;
        this.writers = writers;
        this.writerThreads = writerThreads;
    }

    /** What to call after submitting, to wake the fan-out thread from its poll. */
    public void wakeUpWith(Runnable wakeUp) {
        this.wakeUp = wakeUp;
    }

    /** Runs {@code command} on the fan-out thread, soon. */
    public void submit(Runnable command) {
        commands.add(command);
        wakeUp.run();
    }

    public LastValueCache cache() {
        return cache;
    }

    public int subscriptionCount() {
        return subscriptionCount;
    }

    /** Fan-out thread: runs submitted commands and releases rate-limited updates that are due. */
    public void runCommands() {
        Runnable command;
        while ((command = commands.poll()) != null) {
            command.run();
        }
        if (!deferred.isEmpty()) {
            deferred.release(System.nanoTime(), this::rateFor, toWake::add);
        }
        flush();
    }

    /**
     * Fan-out thread: starts the writers of the connections fed since the last flush. Called after each batch of
     * records, so that a burst reaches each socket in one go rather than one write per record; the connections are
     * handed to the writer threads in one task per thread rather than one per connection.
     */
    public void flush() {
        if (toWake.isEmpty()) {
            return;
        }
        List<Outbound> fed = toWake;
        toWake = new ArrayList<>();
        int tasks = Math.min(writerThreads, fed.size());
        for (int t = 0; t < tasks; t++) {
            List<Outbound> share = fed.subList(fed.size() * t / tasks, fed.size() * (t + 1) / tasks);
            writers.execute(() -> share.forEach(Outbound::iterate));
        }
    }

    /** Fan-out thread: one live update, to the cache and to every matching connection; written after {@link #flush}. */
    public void dispatch(Update update) {
        cache.put(update);
        Route route = routes.get(update.key());
        if (route == null || !route.venue().equals(update.venue())) {
            route = new Route(update.venue(), resolve(update), keyId(update));
            routes.put(update.key(), route);
        }
        Target[] targets = route.targets();
        if (targets.length == 0) {
            return;
        }
        long now = System.nanoTime();
        for (Target target : targets) {
            if (target.connection.deliver(update, route.keyId(), target.maxRate, now, deferred)) {
                toWake.add(target.connection.outbound());
            }
        }
    }

    private int keyId(Update update) {
        return keyIds.computeIfAbsent(update.key(), k -> keyIds.size());
    }

    private Target[] resolve(Update update) {
        List<Target> targets = new ArrayList<>();
        for (ClientConnection connection : connections) {
            double rate = -1;
            for (Request.Subscribe sub : connection.subscriptions().values()) {
                if (sub.matches(update.symbol(), update.venue(), update.shadow())) {
                    rate = rate < 0 ? sub.maxRate() : sub.maxRate() == 0 || rate == 0 ? 0
                            : Math.max(rate, sub.maxRate());
                }
            }
            if (rate >= 0) {
                targets.add(new Target(connection, rate));
            }
        }
        return targets.isEmpty() ? NONE : targets.toArray(NONE);
    }

    private double rateFor(ClientConnection connection, Update update) {
        double rate = -1;
        for (Request.Subscribe sub : connection.subscriptions().values()) {
            if (sub.matches(update.symbol(), update.venue(), update.shadow())) {
                rate = rate < 0 ? sub.maxRate() : sub.maxRate() == 0 || rate == 0 ? 0 : Math.max(rate, sub.maxRate());
            }
        }
        return Math.max(rate, 0);
    }

    private void changed() {
        routes.clear();
        int count = 0;
        for (ClientConnection c : connections) {
            count += c.subscriptions().size();
        }
        subscriptionCount = count;
    }

    /** Fan-out thread: a new connection, with no subscriptions yet. */
    public void connect(ClientConnection connection) {
        connections.add(connection);
    }

    /** Fan-out thread: a closed connection. */
    public void disconnect(ClientConnection connection) {
        if (connections.remove(connection)) {
            changed();
        }
    }

    /**
     * Fan-out thread: adds {@code sub}, then queues its ack and the snapshot of every matching symbol the connection
     * did not already get through another subscription.
     */
    public void subscribe(ClientConnection connection, Request.Subscribe sub) {
        if (!connections.contains(connection)) {
            return;
        }
        Map<String, Request.Subscribe> subs = connection.subscriptions();
        if (subs.containsKey(sub.id())) {
            connection.outbound().control(ServerFrames.error(sub.id(), ErrorCode.DUPLICATE_SUBSCRIPTION,
                    "subscription " + sub.id() + " already exists; unsubscribe it or use another id"));
            return;
        }
        if (subs.size() >= maxSubscriptions) {
            connection.outbound().control(ServerFrames.error(sub.id(), ErrorCode.TOO_MANY_SUBSCRIPTIONS,
                    "at most " + maxSubscriptions + " subscriptions per connection"));
            return;
        }
        List<Request.Subscribe> before = List.copyOf(subs.values());
        subs.put(sub.id(), sub);
        connection.publishSubscriptions();
        changed();
        List<Update> snapshot = new ArrayList<>();
        for (Update value : cache.values()) {
            if (sub.matches(value.symbol(), value.venue(), value.shadow())
                    && !matchesAny(before, value)) {
                snapshot.add(value);
            }
        }
        connection.outbound().control(ServerFrames.ack(sub.id(), Map.of("snapshot", snapshot.size())));
        for (Update value : snapshot) {
            connection.outbound().data(value, true);
        }
    }

    private static boolean matchesAny(List<Request.Subscribe> subs, Update value) {
        for (Request.Subscribe s : subs) {
            if (s.matches(value.symbol(), value.venue(), value.shadow())) {
                return true;
            }
        }
        return false;
    }

    /** Fan-out thread: drops subscription {@code subscriptionId}, or answers NOT_SUBSCRIBED. */
    public void unsubscribe(ClientConnection connection, String requestId, String subscriptionId) {
        if (connection.subscriptions().remove(subscriptionId) == null) {
            connection.outbound().control(ServerFrames.error(requestId, ErrorCode.NOT_SUBSCRIBED,
                    "no subscription with id " + subscriptionId));
            return;
        }
        connection.publishSubscriptions();
        connection.clearRateState();
        changed();
        connection.outbound().control(ServerFrames.ack(requestId, Map.of("subscription", subscriptionId)));
    }

    /**
     * Fan-out thread: starts a resume. The connection takes the session's subscriptions and holds live updates from
     * now on; {@code replay} is then handed, on this thread, the position each partition was dispatched up to, so
     * what came before is replayed from Kafka and what comes after is released by {@link #endResume}.
     */
    public void beginResume(ClientConnection connection, List<Request.Subscribe> subs, Runnable afterHold) {
        if (!connections.contains(connection)) {
            return;
        }
        connection.subscriptions().clear();
        for (Request.Subscribe s : subs) {
            connection.subscriptions().put(s.id(), s);
        }
        connection.publishSubscriptions();
        connection.clearRateState();
        changed();
        connection.holdLive();
        afterHold.run();
    }

    /** Fan-out thread: replay is done; queues {@code doneFrame} then the live updates held meanwhile. */
    public void endResume(ClientConnection connection, String doneFrame) {
        List<Update> held = connection.releaseHeld();
        connection.outbound().control(doneFrame);
        long now = System.nanoTime();
        for (Update update : held) {
            if (connection.deliver(update, keyId(update), rateFor(connection, update), now, deferred)) {
                toWake.add(connection.outbound());
            }
        }
    }
}
