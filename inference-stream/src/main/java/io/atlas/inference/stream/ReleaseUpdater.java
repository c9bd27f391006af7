package io.atlas.inference.stream;

import io.atlas.events.ModelRelease;
import io.atlas.inference.model.ModelRegistry;

import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Reads the model-releases topic (one partition, every instance reads all of it as a global store) into the
 * release store and the process's {@link ModelRegistry}, which loads, checks and swaps models. At start it
 * replays what the store already holds, oldest release first.
 */
final class ReleaseUpdater implements Processor<String, ModelRelease, Void, Void> {

    private final ModelRegistry registry;
    private KeyValueStore<String, ModelRelease> store;

    ReleaseUpdater(ModelRegistry registry) {
        this.registry = registry;
    }

    @Override
    public void init(ProcessorContext<Void, Void> context) {
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
        store.put(record.key(), record.value());
        registry.apply(record.value());
    }
}
