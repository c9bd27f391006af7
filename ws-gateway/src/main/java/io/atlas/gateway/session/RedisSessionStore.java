package io.atlas.gateway.session;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisException;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SetArgs;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Sessions in Redis (Lettuce), under {@code atlas:gateway:session:<id>} with a TTL, so a client can resume on any
 * replica. One thread-safe connection is shared; commands time out after two seconds.
 *
 * <p>At start the connection is tried for up to {@link #CONNECT_WITHIN}: a Redis that is restarting, or slow to answer
 * on a busy node, delays the gateway's start instead of crashing it (./atlas drill: gateways restarted on a loaded
 * machine exited on a 2-second handshake timeout, three times in a row).
 */
public final class RedisSessionStore implements SessionStore {

    static final String KEY_PREFIX = "atlas:gateway:session:";
    static final Duration CONNECT_WITHIN = Duration.ofSeconds(30);
    private static final Logger log = LoggerFactory.getLogger(RedisSessionStore.class);

    private final RedisClient client;
    private final StatefulRedisConnection<String, String> connection;
    private final RedisCommands<String, String> commands;
    private final long ttlSeconds;
    private final AtomicBoolean closed = new AtomicBoolean();

    public RedisSessionStore(String url, long ttlSeconds) {
        RedisURI uri = RedisURI.create(url);
        uri.setTimeout(Duration.ofSeconds(2));
        this.client = RedisClient.create(uri);
        this.connection = connect(client, uri);
        this.commands = connection.sync();
        this.ttlSeconds = ttlSeconds;
    }

    private static StatefulRedisConnection<String, String> connect(RedisClient client, RedisURI uri) {
        long deadline = System.nanoTime() + CONNECT_WITHIN.toNanos();
        while (true) {
            StatefulRedisConnection<String, String> connection = null;
            try {
                connection = client.connect();
                connection.sync().ping();
                return connection;
            } catch (RedisException e) {
                if (connection != null) {
                    connection.close();
                }
                if (System.nanoTime() > deadline) {
                    client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
                    throw new IllegalStateException("Redis at " + uri.getHost() + ":" + uri.getPort()
                            + " (ATLAS_GATEWAY_REDIS_URL) did not answer within " + CONNECT_WITHIN, e);
                }
                log.warn("Redis at {}:{} not answering yet ({}); trying again", uri.getHost(), uri.getPort(),
                        e.getMessage());
                pause();
            }
        }
    }

    private static void pause() {
        try {
            TimeUnit.MILLISECONDS.sleep(500);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while connecting to Redis", e);
        }
    }

    @Override
    public void save(String sessionId, SessionState state) {
        commands.set(KEY_PREFIX + sessionId, state.toJson(), SetArgs.Builder.ex(ttlSeconds));
    }

    @Override
    public Optional<SessionState> load(String sessionId) {
        String json = commands.get(KEY_PREFIX + sessionId);
        return json == null ? Optional.empty() : Optional.of(SessionState.fromJson(json));
    }

    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            connection.close();
            client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
        }
    }
}
