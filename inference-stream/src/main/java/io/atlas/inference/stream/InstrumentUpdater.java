package io.atlas.inference.stream;

import io.atlas.events.Instrument;

import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Reads the instruments topic into the global instrument store and the {@link InstrumentDirectory}; a tombstone
 * removes the symbol. At start it also loads whatever the store already holds.
 */
final class InstrumentUpdater implements Processor<String, Instrument, Void, Void> {

    private final InstrumentDirectory directory;
    private KeyValueStore<String, Instrument> store;

    InstrumentUpdater(InstrumentDirectory directory) {
        this.directory = directory;
    }

    @Override
    public void init(ProcessorContext<Void, Void> context) {
        store = context.getStateStore(InferenceTopology.INSTRUMENT_STORE);
        try (KeyValueIterator<String, Instrument> all = store.all()) {
            all.forEachRemaining(entry -> directory.put(entry.key, entry.value));
        }
    }

    @Override
    public void process(Record<String, Instrument> record) {
        if (record.key() == null) {
            return;
        }
        if (record.value() == null) {
            store.delete(record.key());
        } else {
            store.put(record.key(), record.value());
        }
        directory.put(record.key(), record.value());
    }
}
