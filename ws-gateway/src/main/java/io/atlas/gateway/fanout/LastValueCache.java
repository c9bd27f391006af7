package io.atlas.gateway.fanout;

import java.util.Collection;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The latest update per symbol and model kind: filled from the last-value topic at start, kept current by the live
 * stream, read for snapshots. Written only by the fan-out thread; safe to read from others.
 */
public final class LastValueCache {

    private final ConcurrentHashMap<String, Update> latest = new ConcurrentHashMap<>();

    /** Keeps {@code update} unless the cache holds a newer one for its key (by offset, for live updates). */
    public void put(Update update) {
        latest.merge(update.key(), update, (old, fresh) ->
                fresh.offset() == Update.UNKNOWN_OFFSET && old.offset() != Update.UNKNOWN_OFFSET ? old
                        : fresh.offset() != Update.UNKNOWN_OFFSET && old.offset() > fresh.offset()
                        && old.partition() == fresh.partition() ? old : fresh);
    }

    public Collection<Update> values() {
        return latest.values();
    }

    public Update get(String key) {
        return latest.get(key);
    }

    public int size() {
        return latest.size();
    }
}
