package io.atlas.inference.stream;

import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.StateStore;
import org.apache.kafka.streams.processor.StateStoreContext;
import org.apache.kafka.streams.query.Position;
import org.apache.kafka.streams.query.PositionBound;
import org.apache.kafka.streams.query.Query;
import org.apache.kafka.streams.query.QueryConfig;
import org.apache.kafka.streams.query.QueryResult;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.internals.CacheFlushListener;
import org.apache.kafka.streams.state.internals.CachedStateStore;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The scorer's per-symbol states as live objects, in front of the changelogged store that stays their source of
 * truth: a tick changes its symbol's state in place and marks it dirty; the dirty states are serialized and written
 * to the inner store (and so to its changelog) only when Kafka Streams flushes caches, which it does before every
 * commit (and before a task is suspended or closed). A symbol ticking many times per commit interval is therefore
 * serialized once per interval, not once per tick, and what a commit covers is exactly what its changelog holds.
 *
 * <p>Kafka Streams' own record cache cannot do this: it keeps serialized bytes, so every {@code put} serializes.
 * The hook before a commit is {@link CachedStateStore#flushCache()}, the interface Streams' own caching stores use
 * (an internal one; Streams calls no public store method before the commit, only {@code commit} after it).
 * {@code ExactlyOnceTest} kills a scorer and proves that features and pending predictions survive exactly, so an
 * upgrade that stopped calling it would fail there. {@link #clearCache()} (a task closed dirty, e.g. on a fenced
 * transaction) drops uncommitted states; they are read again from the inner store. Not thread-safe: one per task.
 */
final class SymbolStateStore implements KeyValueStore<String, SymbolState>, CachedStateStore<String, SymbolState> {

    private final KeyValueStore<String, SymbolState> inner;
    private final Map<String, SymbolState> live = new HashMap<>();
    private final Set<String> dirty = new HashSet<>();

    SymbolStateStore(KeyValueStore<String, SymbolState> inner) {
        this.inner = inner;
    }

    /** A builder of this store in front of {@code changelogged}, which must not have a record cache of its own. */
    static StoreBuilder<KeyValueStore<String, SymbolState>> builder(
            StoreBuilder<KeyValueStore<String, SymbolState>> changelogged) {
        return new Builder(changelogged.withCachingDisabled());
    }

    @Override
    public SymbolState get(String symbol) {
        SymbolState state = live.get(symbol);
        if (state == null) {
            state = inner.get(symbol);
            if (state != null) {
                live.put(symbol, state);
            }
        }
        return state;
    }

    @Override
    public void put(String symbol, SymbolState state) {
        if (state == null) {
            delete(symbol);
            return;
        }
        live.put(symbol, state);
        dirty.add(symbol);
    }

    @Override
    public SymbolState putIfAbsent(String symbol, SymbolState state) {
        SymbolState existing = get(symbol);
        if (existing == null) {
            put(symbol, state);
        }
        return existing;
    }

    @Override
    public void putAll(List<KeyValue<String, SymbolState>> entries) {
        entries.forEach(entry -> put(entry.key, entry.value));
    }

    @Override
    public SymbolState delete(String symbol) {
        SymbolState before = get(symbol);
        live.remove(symbol);
        dirty.remove(symbol);
        inner.delete(symbol);
        return before;
    }

    /** Writes every dirty state to the inner store, so the next commit carries it. */
    @Override
    public void flushCache() {
        for (String symbol : dirty) {
            inner.put(symbol, live.get(symbol));
        }
        dirty.clear();
    }

    @Override
    public void clearCache() {
        live.clear();
        dirty.clear();
    }

    @Override
    public boolean setFlushListener(CacheFlushListener<String, SymbolState> listener, boolean sendOldValues) {
        return false;
    }

    // Range reads are served by the inner store once it holds every change.
    @Override
    public KeyValueIterator<String, SymbolState> range(String from, String to) {
        flushCache();
        return inner.range(from, to);
    }

    @Override
    public KeyValueIterator<String, SymbolState> reverseRange(String from, String to) {
        flushCache();
        return inner.reverseRange(from, to);
    }

    @Override
    public KeyValueIterator<String, SymbolState> all() {
        flushCache();
        return inner.all();
    }

    @Override
    public KeyValueIterator<String, SymbolState> reverseAll() {
        flushCache();
        return inner.reverseAll();
    }

    @Override
    public long approximateNumEntries() {
        flushCache();
        return inner.approximateNumEntries();
    }

    @Override
    public String name() {
        return inner.name();
    }

    @Override
    public void init(StateStoreContext context, StateStore root) {
        clearCache();
        inner.init(context, root);
    }

    @Override
    public void commit(Map<TopicPartition, Long> changelogOffsets) {
        flushCache();
        inner.commit(changelogOffsets);
    }

    @Override
    public Long committedOffset(TopicPartition partition) {
        return inner.committedOffset(partition);
    }

    @Override
    public boolean managesOffsets() {
        return inner.managesOffsets();
    }

    @Override
    public void close() {
        clearCache();
        inner.close();
    }

    @Override
    public boolean persistent() {
        return inner.persistent();
    }

    @Override
    public boolean isOpen() {
        return inner.isOpen();
    }

    @Override
    public <R> QueryResult<R> query(Query<R> query, PositionBound bound, QueryConfig config) {
        flushCache();
        return inner.query(query, bound, config);
    }

    @Override
    public Position getPosition() {
        return inner.getPosition();
    }

    private record Builder(StoreBuilder<KeyValueStore<String, SymbolState>> changelogged)
            implements StoreBuilder<KeyValueStore<String, SymbolState>> {

        @Override
        public StoreBuilder<KeyValueStore<String, SymbolState>> withCachingEnabled() {
            throw new UnsupportedOperationException("the symbol states are their own cache");
        }

        @Override
        public StoreBuilder<KeyValueStore<String, SymbolState>> withCachingDisabled() {
            return this;
        }

        @Override
        public StoreBuilder<KeyValueStore<String, SymbolState>> withLoggingEnabled(Map<String, String> config) {
            return new Builder(changelogged.withLoggingEnabled(config));
        }

        @Override
        public StoreBuilder<KeyValueStore<String, SymbolState>> withLoggingDisabled() {
            return new Builder(changelogged.withLoggingDisabled());
        }

        @Override
        public KeyValueStore<String, SymbolState> build() {
            return new SymbolStateStore(changelogged.build());
        }

        @Override
        public Map<String, String> logConfig() {
            return changelogged.logConfig();
        }

        @Override
        public boolean loggingEnabled() {
            return changelogged.loggingEnabled();
        }

        @Override
        public String name() {
            return changelogged.name();
        }
    }
}
