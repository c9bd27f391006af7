package io.atlas.inference.stream;

import io.atlas.events.Instrument;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The latest instrument per symbol, as decoded objects: written by the global thread that reads the instruments
 * topic, read by every stream thread (a store lookup would decode the Avro record on every tick).
 */
final class InstrumentDirectory {

    private final Map<String, Instrument> bySymbol = new ConcurrentHashMap<>();

    Instrument get(String symbol) {
        return bySymbol.get(symbol);
    }

    void put(String symbol, Instrument instrument) {
        if (instrument == null) {
            bySymbol.remove(symbol);
        } else {
            bySymbol.put(symbol, instrument);
        }
    }
}
