package io.atlas.gateway.session;

import java.util.Optional;

/** Where sessions live between connections, shared by all replicas (Redis) or local to one (memory). */
public interface SessionStore extends AutoCloseable {

    void save(String sessionId, SessionState state);

    Optional<SessionState> load(String sessionId);

    @Override
    void close();
}
