package io.atlas.ingest.bridge;

import io.atlas.events.Instrument;

/** Looks instruments up by symbol, as the bridge validates ticks against the reference data. */
@FunctionalInterface
public interface InstrumentDirectory {

    /** The instrument with this symbol, or {@code null} when there is none (never created, or deleted). */
    Instrument find(String symbol);
}
