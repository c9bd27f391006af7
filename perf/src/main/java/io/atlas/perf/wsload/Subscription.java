package io.atlas.perf.wsload;

import java.util.Arrays;
import java.util.Locale;
import java.util.StringJoiner;

/**
 * What one load client subscribes to: a few symbols of the set, or every symbol ({@code *}), optionally capped at
 * {@code maxRate} updates per second per symbol (the gateway then conflates: the latest wins).
 *
 * @param profile the mix profile it came from, for the report
 * @param symbols the symbols' numbers in the set, ascending; null for every symbol
 */
record Subscription(String profile, int[] symbols, double maxRate) {

    Subscription {
        symbols = symbols == null ? null : symbols.clone();
        if (symbols != null) {
            Arrays.sort(symbols);
        }
    }

    boolean everySymbol() {
        return symbols == null;
    }

    /** Whether the gateway may skip updates for this client by design (rate-capped: latest wins). */
    boolean conflated() {
        return maxRate > 0;
    }

    /** Whether the symbol numbered {@code index} is one this client asked for. */
    boolean covers(int index) {
        return symbols == null || Arrays.binarySearch(symbols, index) >= 0;
    }

    /** The subscribe request, with request id {@code id}. */
    String request(String id, SymbolSet set) {
        StringBuilder text = new StringBuilder("{\"op\":\"subscribe\",\"id\":\"").append(id).append('"');
        if (symbols == null) {
            text.append(",\"patterns\":[\"*\"]");
        } else {
            StringJoiner names = new StringJoiner("\",\"", ",\"symbols\":[\"", "\"]");
            for (int s : symbols) {
                names.add(set.name(s));
            }
            text.append(names);
        }
        if (maxRate > 0) {
            text.append(",\"maxRate\":").append(String.format(Locale.ROOT, "%s", maxRate));
        }
        return text.append('}').toString();
    }
}
