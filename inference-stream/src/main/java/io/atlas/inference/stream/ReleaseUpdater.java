package io.atlas.inference.stream;

import io.atlas.events.ModelRelease;
import io.atlas.events.ReleaseStatus;
import io.atlas.inference.model.ModelRegistry;

import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Reads the model-releases topic (one partition, every instance reads all of it as a global store) into the
 * release store and the process's {@link ModelRegistry}, which loads, checks and swaps models. At start it
 * replays what the store already holds, oldest release first.
 *
 * <p>A record refused because its version is known with another digest is not stored, so a restart replays the
 * release that version really names. A record's timestamp is its commit in PostgreSQL (CDC sets it): for a release
 * committed while this instance runs, the time from that commit to the release scoring here (live or in shadow) is
 * this instance's rollout time ({@link InferenceMetrics#rolledOut}).
 */
final class ReleaseUpdater implements Processor<String, ModelRelease, Void, Void> {

    private static final Logger log = LoggerFactory.getLogger(ReleaseUpdater.class);

    private final ModelRegistry registry;
    private final InferenceMetrics metrics;
    private ProcessorContext<Void, Void> context;
    private KeyValueStore<String, ModelRelease> store;
    private long startedMillis;

    ReleaseUpdater(ModelRegistry registry, InferenceMetrics metrics) {
        this.registry = registry;
        this.metrics = metrics;
    }

    @Override
    public void init(ProcessorContext<Void, Void> context) {
        this.context = context;
        startedMillis = context.currentSystemTimeMs();
        store = context.getStateStore(InferenceTopology.RELEASE_STORE);
        List<ModelRelease> known = new ArrayList<>();
        try (KeyValueIterator<String, ModelRelease> all = store.all()) {
            all.forEachRemaining(entry -> known.add(entry.value));
        }
        known.sort(Comparator.comparingLong(ModelRelease::getCreatedAtMicros));
        known.forEach(registry::apply);
    }

    @Override
    public void process(Record<String, ModelRelease> record) {
        if (record.key() == null) {
            return;
        }
        if (record.value() == null) {
            store.delete(record.key());
            registry.forget(record.key());
            return;
        }
        ModelRegistry.Applied applied = registry.apply(record.value());
        if (applied != ModelRegistry.Applied.VERSION_REUSED) {
            store.put(record.key(), record.value());
        }
        if (applied == ModelRegistry.Applied.CHANGED && record.value().getStatus() != ReleaseStatus.RETIRED
                && record.timestamp() >= startedMillis) {
            long millis = context.currentSystemTimeMs() - record.timestamp();
            metrics.rolledOut(millis);
            log.info("Release {} {} scores here {} ms after its commit", record.key(), record.value().getStatus(),
                    millis);
        }
    }
}
