package io.atlas.gateway.session;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SetArgs;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Sessions in Redis (Lettuce), under {@code atlas:gateway:session:<id>} with a TTL, so a client can resume on any
 * replica. One thread-safe connection is shared; commands time out after two seconds.
 */
public final class RedisSessionStore implements SessionStore {

    static final String KEY_PREFIX = "atlas:gateway:session:";

    private final RedisClient client;
    private final StatefulRedisConnection<String, String> connection;
    private final RedisCommands<String, String> commands;
    private final long ttlSeconds;
    private final AtomicBoolean closed = new AtomicBoolean();

    public RedisSessionStore(String url, long ttlSeconds) {
        RedisURI uri = RedisURI.create(url);
        uri.setTimeout(Duration.ofSeconds(2));
        this.client = RedisClient.create(uri);
        this.connection = client.connect();
        this.commands = connection.sync();
        this.ttlSeconds = ttlSeconds;
        commands.ping();
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
