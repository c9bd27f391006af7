package io.atlas.gateway.session;

import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Sessions held in this process only, for a local run without Redis: resume works on this replica, not across
 * replicas. Entries older than the session TTL are dropped when others are saved.
 */
public final class InMemorySessionStore implements SessionStore {

    private record Entry(String json, long savedAtMillis) {
    }

    private final ConcurrentHashMap<String, Entry> sessions = new ConcurrentHashMap<>();
    private final long ttlMillis;

    public InMemorySessionStore(long ttlMillis) {
        this.ttlMillis = ttlMillis;
    }

    @Override
    public void save(String sessionId, SessionState state) {
        long now = System.currentTimeMillis();
        sessions.put(sessionId, new Entry(state.toJson(), now));
        if (sessions.size() % 1024 == 0) {
            sessions.values().removeIf(e -> now - e.savedAtMillis > ttlMillis);
        }
    }

    @Override
    public Optional<SessionState> load(String sessionId) {
        Entry entry = sessions.get(sessionId);
        if (entry == null || System.currentTimeMillis() - entry.savedAtMillis > ttlMillis) {
            return Optional.empty();
        }
        return Optional.of(SessionState.fromJson(entry.json));
    }

    @Override
    public void close() {
        sessions.clear();
    }
}
