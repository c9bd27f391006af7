package io.atlas.ingest.simulate;

import io.atlas.events.Instrument;
import io.atlas.events.TradingStatus;

/**
 * One instrument the simulator trades: the reference data the instruments table must hold for its ticks to be
 * accepted, plus the price the simulation starts from.
 *
 * @param symbol     e.g. {@code S0001}
 * @param venue      venue code, e.g. {@code XNAS}
 * @param tickSize   smallest price increment, in {@code currency}
 * @param currency   ISO 4217 code
 * @param lotSize    smallest tradable quantity; simulated sizes are whole lots
 * @param startPrice the mid price the simulation starts from (on the half-tick grid)
 */
public record SimulatedInstrument(String symbol, String venue, double tickSize, String currency, double lotSize,
                                  double startPrice) {

    /** The instrument as reference data, {@code TRADING}, changed at {@code updatedAtMicros}. */
    public Instrument toInstrument(long updatedAtMicros) {
        return Instrument.newBuilder()
                .setSymbol(symbol)
                .setVenue(venue)
                .setTickSize(tickSize)
                .setCurrency(currency)
                .setStatus(TradingStatus.TRADING)
                .setLotSize(lotSize)
                .setDescription("Simulated instrument " + symbol + " on " + venue)
                .setUpdatedAtMicros(updatedAtMicros)
                .build();
    }
}
