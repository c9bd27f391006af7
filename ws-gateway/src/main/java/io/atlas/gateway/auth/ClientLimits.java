package io.atlas.gateway.auth;

import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;

import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Per-client limits, keyed by client id (the token's subject, or the remote address without authentication): a
 * Bucket4j request budget (default 1,000 requests per 15 minutes, refilled greedily) and a cap on concurrent
 * connections. In memory per replica: a client spread over N replicas gets N budgets. Thread-safe.
 */
public final class ClientLimits {

    private final long requests;
    private final Duration window;
    private final int maxConnections;
    private final ConcurrentHashMap<String, Bucket> buckets = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, AtomicInteger> connections = new ConcurrentHashMap<>();

    public ClientLimits(long requests, Duration window, int maxConnections) {
        this.requests = requests;
        this.window = window;
        this.maxConnections = maxConnections;
    }

    /** Takes one request from the client's budget; false when it is spent. */
    public boolean tryRequest(String clientId) {
        return buckets.computeIfAbsent(clientId, id -> Bucket.builder()
                .addLimit(Bandwidth.builder().capacity(requests).refillGreedy(requests, window).build())
                .build()).tryConsume(1);
    }

    /** Counts a new connection of the client; false (and not counted) when it already has the maximum. */
    public boolean tryConnect(String clientId) {
        AtomicInteger count = connections.computeIfAbsent(clientId, id -> new AtomicInteger());
        if (count.incrementAndGet() > maxConnections) {
            count.decrementAndGet();
            return false;
        }
        return true;
    }

    public void disconnected(String clientId) {
        connections.computeIfPresent(clientId, (id, count) -> count.decrementAndGet() <= 0 ? null : count);
    }

    public int maxConnections() {
        return maxConnections;
    }
}
