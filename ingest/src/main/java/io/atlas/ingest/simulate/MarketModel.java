package io.atlas.ingest.simulate;

import io.atlas.events.MarketTick;
import io.atlas.events.Side;

import java.util.List;
import java.util.SplittableRandom;

/**
 * Generates the simulated market, one tick at a time, with no I/O: the same seed and parameters give the same ticks.
 * Not thread-safe; one generator per simulation.
 *
 * <p>The planted signal (shared contract with inference-stream): the order-book imbalance I_t = (bidSize −
 * askSize)/(bidSize + askSize) published on a symbol's tick t decides that symbol's next mid change. At its next tick
 * the mid moves with probability {@code moveProbability} (otherwise it stays: FLAT), UP with probability σ(k·I_t),
 * DOWN otherwise. Sizes are drawn afresh and independently each tick ({@link LotDistribution}), so nothing but I_t
 * carries information about the next direction.
 *
 * <p>Everything else is noise around that: a geometric-Brownian reference price per symbol whose volatility switches
 * between a calm and a volatile regime (a two-state Markov chain per symbol); the SIZE of a mid move in ticks grows
 * with the regime's volatility and, when the move goes towards the reference price, with the distance to it (so mids
 * track the GBM over long horizons, while the direction is only ever drawn from σ(k·I)); the spread is 1, 3 or 5
 * ticks, wider in the volatile regime, and changes around a fixed mid (never moving it); trades happen on 30% of
 * ticks with a random aggressor at the touch; and activity is uneven: symbols tick with Zipf-like weights, and 2% of
 * picks start a burst of consecutive ticks of one symbol (geometric length, mean 8).
 */
public final class MarketModel {

    /**
     * What a simulation is.
     *
     * @param seed            the random seed: same seed, same ticks
     * @param signalStrength  k in P(UP | I) = σ(k·I); 0 plants no signal
     * @param moveProbability probability that a symbol's mid changes at its next tick
     */
    public record Parameters(long seed, double signalStrength, double moveProbability) {
        public static final double DEFAULT_SIGNAL_STRENGTH = 2.0;
        public static final double DEFAULT_MOVE_PROBABILITY = 0.5;

        public Parameters {
            if (!Double.isFinite(signalStrength) || signalStrength < 0) {
                throw new IllegalArgumentException("signalStrength must be finite and >= 0, got " + signalStrength);
            }
            if (!(moveProbability > 0 && moveProbability <= 1)) {
                throw new IllegalArgumentException("moveProbability must be within (0, 1], got " + moveProbability);
            }
        }
    }

    static final double CALM_VOLATILITY = 0.0003;      // per tick of the symbol, log-return standard deviation
    static final double VOLATILE_VOLATILITY = 0.0015;
    static final double CALM_TO_VOLATILE = 0.002;      // regime switch probabilities per tick of the symbol
    static final double VOLATILE_TO_CALM = 0.02;
    static final double REFERENCE_PULL = 0.25;         // share of the gap to the reference added to a move towards it
    static final double TRADE_PROBABILITY = 0.3;
    static final double BURST_PROBABILITY = 0.02;
    static final double BURST_CONTINUE = 7.0 / 8.0;    // geometric burst length, mean 8
    static final double ACTIVITY_EXPONENT = 0.7;       // Zipf-like activity weights

    private final Parameters parameters;
    private final List<SimulatedInstrument> instruments;
    private final LotDistribution lots = LotDistribution.DEFAULT;
    private final SplittableRandom random;
    private final double[] activity;

    // Per-symbol state, by index into instruments.
    private final double[] reference;
    private final long[] midHalfTicks;
    private final boolean[] volatileRegime;
    private final double[] imbalance;
    private final boolean[] ticked;
    private final double[] last;
    private final double[] lastSize;
    private final Side[] aggressor;

    private int burstSymbol = -1;

    public MarketModel(List<SimulatedInstrument> instruments, Parameters parameters) {
        if (instruments.isEmpty()) {
            throw new IllegalArgumentException("need at least one instrument");
        }
        this.parameters = parameters;
        this.instruments = List.copyOf(instruments);
        this.random = new SplittableRandom(parameters.seed());
        int n = instruments.size();
        reference = new double[n];
        midHalfTicks = new long[n];
        volatileRegime = new boolean[n];
        imbalance = new double[n];
        ticked = new boolean[n];
        last = new double[n];
        lastSize = new double[n];
        aggressor = new Side[n];
        activity = new double[n];
        double total = 0;
        for (int i = 0; i < n; i++) {
            SimulatedInstrument instrument = instruments.get(i);
            reference[i] = instrument.startPrice();
            midHalfTicks[i] = Math.round(instrument.startPrice() / instrument.tickSize() * 2) | 1L;
            last[i] = price(midHalfTicks[i] - 1, instrument.tickSize());
            aggressor[i] = Side.UNKNOWN;
            // A fixed permutation of ranks so activity does not follow the symbol order.
            int rank = (int) ((i * 7919L) % n) + 1;
            total += Math.pow(rank, -ACTIVITY_EXPONENT);
            activity[i] = total;
        }
        for (int i = 0; i < n; i++) {
            activity[i] /= total;
        }
    }

    public Parameters parameters() {
        return parameters;
    }

    public List<SimulatedInstrument> instruments() {
        return instruments;
    }

    /** The next tick of the market, stamped {@code exchangeTimeMicros}; its sequence is left 0 for the publisher. */
    public MarketTick next(long exchangeTimeMicros) {
        int s = pickSymbol();
        SimulatedInstrument instrument = instruments.get(s);
        double tick = instrument.tickSize();

        volatileRegime[s] = volatileRegime[s] ? random.nextDouble() >= VOLATILE_TO_CALM
                : random.nextDouble() < CALM_TO_VOLATILE;
        double volatility = volatileRegime[s] ? VOLATILE_VOLATILITY : CALM_VOLATILITY;
        reference[s] *= Math.exp(-volatility * volatility / 2 + volatility * random.nextGaussian());

        if (ticked[s] && random.nextDouble() < parameters.moveProbability()) {
            boolean up = random.nextDouble() < SignalMath.sigmoid(parameters.signalStrength() * imbalance[s]);
            moveMid(s, up, tick, volatility);
        }

        int spread = spreadTicks(volatileRegime[s]);
        long bidTicks = (midHalfTicks[s] - spread) / 2;
        if (bidTicks < 1) {
            spread = 1;
            bidTicks = (midHalfTicks[s] - 1) / 2;
        }
        long askTicks = bidTicks + spread;
        int bidLots = lots.sample(random);
        int askLots = lots.sample(random);
        imbalance[s] = SignalMath.imbalance(bidLots, askLots);
        ticked[s] = true;

        double bid = price(bidTicks, tick);
        double ask = price(askTicks, tick);
        if (random.nextDouble() < TRADE_PROBABILITY) {
            boolean buy = random.nextBoolean();
            aggressor[s] = buy ? Side.BUY : Side.SELL;
            last[s] = buy ? ask : bid;
            lastSize[s] = lots.sample(random) * instrument.lotSize();
        }
        return new MarketTick(instrument.symbol(), instrument.venue(), 0L, exchangeTimeMicros, 0L, bid, ask, last[s],
                bidLots * instrument.lotSize(), askLots * instrument.lotSize(), lastSize[s], aggressor[s]);
    }

    /** Moves the mid by at least one tick in the drawn direction; only the size depends on regime and reference. */
    private void moveMid(int s, boolean up, double tick, double volatility) {
        double mid = midHalfTicks[s] / 2.0;
        long ticks = 1 + (long) Math.floor(0.3 * Math.abs(random.nextGaussian()) * volatility * reference[s] / tick);
        double gap = reference[s] / tick - mid;
        if ((up && gap > 0) || (!up && gap < 0)) {
            ticks += (long) Math.floor(REFERENCE_PULL * Math.abs(gap));
        }
        if (!up) {
            // Keep the bid at one tick or more with the widest spread; a move that cannot happen stays FLAT (it
            // needs a price within a few ticks of zero, which the default instruments never approach).
            long room = (midHalfTicks[s] - 5) / 2 - 1;
            ticks = Math.min(ticks, room);
            if (ticks < 1) {
                return;
            }
        }
        midHalfTicks[s] += (up ? 2 : -2) * ticks;
    }

    private int spreadTicks(boolean volatileNow) {
        double u = random.nextDouble();
        if (volatileNow) {
            return u < 0.4 ? 1 : u < 0.8 ? 3 : 5;
        }
        return u < 0.8 ? 1 : 3;
    }

    private int pickSymbol() {
        if (burstSymbol >= 0) {
            if (random.nextDouble() < BURST_CONTINUE) {
                return burstSymbol;
            }
            burstSymbol = -1;
        }
        double u = random.nextDouble();
        int index = java.util.Arrays.binarySearch(activity, u);
        int s = Math.min(index >= 0 ? index : -index - 1, activity.length - 1);
        if (random.nextDouble() < BURST_PROBABILITY) {
            burstSymbol = s;
        }
        return s;
    }

    /** {@code ticks} × {@code tickSize}, as the nearest double to the decimal price. */
    static double price(long ticks, double tickSize) {
        return Math.rint(ticks * tickSize * 1e7) / 1e7;
    }
}
