package io.atlas.perf.wsload;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

/**
 * The subscription mix of a load run, as weights of three profiles: {@code few} (a handful of symbols at full
 * rate, what most frontends do), {@code throttled} ({@code *} with {@code maxRate}) and {@code all} ({@code *} at
 * full rate). Written like {@code few=90,throttled=9,all=1}; client counts are apportioned exactly (largest
 * remainder), then shuffled with a seed so that every profile connects throughout the ramp.
 */
final class ClientMix {

    static final String FEW = "few";
    static final String THROTTLED = "throttled";
    static final String ALL = "all";
    private static final List<String> PROFILES = List.of(FEW, THROTTLED, ALL);

    private final Map<String, Double> weights;
    private final int symbolsPerClient;
    private final double throttledRate;

    private ClientMix(Map<String, Double> weights, int symbolsPerClient, double throttledRate) {
        this.weights = weights;
        this.symbolsPerClient = symbolsPerClient;
        this.throttledRate = throttledRate;
    }

    /**
     * @param spec             profile weights, e.g. {@code few=90,throttled=9,all=1}
     * @param symbolsPerClient how many symbols a {@code few} client subscribes to
     * @param throttledRate    the {@code maxRate} of a {@code throttled} client, updates per second per symbol
     */
    static ClientMix parse(String spec, int symbolsPerClient, double throttledRate) {
        Map<String, Double> weights = new LinkedHashMap<>();
        for (String part : spec.split(",")) {
            String[] kv = part.trim().split("=");
            if (kv.length != 2 || !PROFILES.contains(kv[0].trim())) {
                throw new IllegalArgumentException("mix entries are profile=weight with profile one of " + PROFILES
                        + ", got '" + part + "'");
            }
            double weight;
            try {
                weight = Double.parseDouble(kv[1].trim());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("the weight of " + kv[0].trim() + " is not a number: " + kv[1]);
            }
            if (!(weight >= 0) || weights.put(kv[0].trim(), weight) != null) {
                throw new IllegalArgumentException("each profile once, with a weight >= 0: '" + part + "'");
            }
        }
        if (weights.values().stream().mapToDouble(Double::doubleValue).sum() <= 0) {
            throw new IllegalArgumentException("the mix gives every profile weight 0: " + spec);
        }
        if (symbolsPerClient < 1) {
            throw new IllegalArgumentException("a few-symbols client needs at least one symbol");
        }
        if (weights.getOrDefault(THROTTLED, 0.0) > 0 && !(throttledRate > 0 && throttledRate <= 1000)) {
            throw new IllegalArgumentException("the throttled max rate must be in (0, 1000], got " + throttledRate);
        }
        return new ClientMix(weights, symbolsPerClient, throttledRate);
    }

    /** How many of {@code clients} each profile gets: floors of the shares, the rest by largest remainder. */
    Map<String, Integer> counts(int clients) {
        double total = weights.values().stream().mapToDouble(Double::doubleValue).sum();
        Map<String, Integer> counts = new LinkedHashMap<>();
        List<Map.Entry<String, Double>> remainders = new ArrayList<>();
        int given = 0;
        for (Map.Entry<String, Double> w : weights.entrySet()) {
            double share = clients * w.getValue() / total;
            counts.put(w.getKey(), (int) Math.floor(share));
            given += (int) Math.floor(share);
            remainders.add(Map.entry(w.getKey(), share - Math.floor(share)));
        }
        remainders.sort(Map.Entry.<String, Double>comparingByValue().reversed());
        for (int i = 0; given < clients; i++, given++) {
            counts.merge(remainders.get(i % remainders.size()).getKey(), 1, Integer::sum);
        }
        return counts;
    }

    /** One subscription per client, in connect order; the same seed gives the same run. */
    List<Subscription> assign(int clients, SymbolSet set, long seed) {
        if (symbolsPerClient > set.count()) {
            throw new IllegalArgumentException(symbolsPerClient + " symbols per client, but the set has only "
                    + set.count());
        }
        Random random = new Random(seed);
        List<Subscription> subscriptions = new ArrayList<>(clients);
        counts(clients).forEach((profile, n) -> {
            for (int i = 0; i < n; i++) {
                subscriptions.add(switch (profile) {
                    case FEW -> new Subscription(FEW, pick(random, set.count()), 0);
                    case THROTTLED -> new Subscription(THROTTLED, null, throttledRate);
                    default -> new Subscription(ALL, null, 0);
                });
            }
        });
        Collections.shuffle(subscriptions, random);
        return subscriptions;
    }

    /** {@code symbolsPerClient} distinct numbers below {@code universe}: the head of a partial Fisher-Yates shuffle. */
    private int[] pick(Random random, int universe) {
        int[] all = new int[universe];
        for (int i = 0; i < universe; i++) {
            all[i] = i;
        }
        for (int i = 0; i < symbolsPerClient; i++) {
            int j = i + random.nextInt(universe - i);
            int swap = all[i];
            all[i] = all[j];
            all[j] = swap;
        }
        return java.util.Arrays.copyOf(all, symbolsPerClient);
    }

    @Override
    public String toString() {
        StringBuilder text = new StringBuilder();
        weights.forEach((p, w) -> text.append(text.length() == 0 ? "" : ",").append(p).append('=')
                .append(String.format(Locale.ROOT, "%s", w)));
        return text + " (few: " + symbolsPerClient + " symbols; throttled: maxRate " + throttledRate + ")";
    }
}
