package io.atlas.ingest.simulate;

import java.util.ArrayList;
import java.util.List;

/**
 * The simulator's instruments, the same on every run and for every seed: {@code S0001}, {@code S0002}, ... over four
 * venues with their currency, tick size and lot size. CDC seeds the instruments table from {@link #first(int)}, so
 * the simulator's ticks always name known symbols.
 */
public final class SimulatedInstruments {

    public static final int DEFAULT_COUNT = 500;
    public static final int MAX_COUNT = 9_999;

    /** venue, currency, tick size, lot size: assigned round-robin by index. */
    private record Venue(String code, String currency, double tickSize, double lotSize) {
    }

    private static final Venue[] VENUES = {
            new Venue("XNAS", "USD", 0.01, 1),
            new Venue("XNYS", "USD", 0.01, 1),
            new Venue("XLON", "GBP", 0.005, 10),
            new Venue("XETR", "EUR", 0.02, 5),
    };

    private SimulatedInstruments() {
    }

    /** Instruments 1..{@code count}. */
    public static List<SimulatedInstrument> first(int count) {
        if (count < 1 || count > MAX_COUNT) {
            throw new IllegalArgumentException("count must be within 1.." + MAX_COUNT + ", got " + count);
        }
        List<SimulatedInstrument> instruments = new ArrayList<>(count);
        for (int i = 1; i <= count; i++) {
            instruments.add(of(i));
        }
        return List.copyOf(instruments);
    }

    /** Instrument number {@code index} (from 1), named {@code S} and four digits. */
    public static SimulatedInstrument of(int index) {
        if (index < 1 || index > MAX_COUNT) {
            throw new IllegalArgumentException("index must be within 1.." + MAX_COUNT + ", got " + index);
        }
        Venue venue = VENUES[(index - 1) % VENUES.length];
        // Prices spread between 5 and 1000 by a fixed permutation, so neighbouring symbols differ.
        double price = 5 + (index * 7919L) % 996;
        // An odd number of half ticks: the mid sits between two ticks, so odd spreads keep bid and ask on the grid.
        long halfTicks = Math.round(price / venue.tickSize() * 2) | 1L;
        double startPrice = Math.rint(halfTicks * venue.tickSize() / 2 * 1e7) / 1e7;
        return new SimulatedInstrument(String.format("S%04d", index), venue.code(), venue.tickSize(),
                venue.currency(), venue.lotSize(), startPrice);
    }
}
