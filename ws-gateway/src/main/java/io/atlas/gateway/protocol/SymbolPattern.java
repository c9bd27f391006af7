package io.atlas.gateway.protocol;

import java.util.regex.Pattern;

/**
 * What a subscription matches: one exact symbol ({@code S0001}), every symbol ({@code *}), a prefix ({@code S00*})
 * or a venue ({@code venue:XNAS}). Symbols are 1 to 32 characters of letters, digits and {@code . _ - /}.
 */
public record SymbolPattern(Kind kind, String value) {

    public enum Kind { EXACT, ALL, PREFIX, VENUE }

    private static final Pattern SYMBOL = Pattern.compile("[A-Za-z0-9._\\-/]{1,32}");
    private static final String VENUE_PREFIX = "venue:";

    public static final SymbolPattern ALL = new SymbolPattern(Kind.ALL, "");

    /** The exact-symbol pattern for {@code symbol}, or null when it is not a well-formed symbol. */
    public static SymbolPattern exact(String symbol) {
        return SYMBOL.matcher(symbol).matches() ? new SymbolPattern(Kind.EXACT, symbol) : null;
    }

    /** The pattern written as {@code text} ({@code *}, {@code PREFIX*}, {@code venue:V} or a symbol), or null. */
    public static SymbolPattern parse(String text) {
        if (text.equals("*")) {
            return ALL;
        }
        if (text.startsWith(VENUE_PREFIX)) {
            String venue = text.substring(VENUE_PREFIX.length());
            return SYMBOL.matcher(venue).matches() ? new SymbolPattern(Kind.VENUE, venue) : null;
        }
        if (text.endsWith("*")) {
            String prefix = text.substring(0, text.length() - 1);
            return SYMBOL.matcher(prefix).matches() ? new SymbolPattern(Kind.PREFIX, prefix) : null;
        }
        return exact(text);
    }

    public boolean matches(String symbol, String venue) {
        return switch (kind) {
            case EXACT -> value.equals(symbol);
            case ALL -> true;
            case PREFIX -> symbol.startsWith(value);
            case VENUE -> value.equals(venue);
        };
    }

    /**
     * Whether every symbol this pattern can match is also matched by {@code allowed}: how a token's symbol claim
     * bounds a subscription. Venue patterns are only covered by {@code *} and the same venue.
     */
    public boolean coveredBy(SymbolPattern allowed) {
        return switch (allowed.kind) {
            case ALL -> true;
            case VENUE -> kind == Kind.VENUE && value.equals(allowed.value);
            case PREFIX -> (kind == Kind.EXACT || kind == Kind.PREFIX) && value.startsWith(allowed.value);
            case EXACT -> kind == Kind.EXACT && value.equals(allowed.value);
        };
    }

    @Override
    public String toString() {
        return switch (kind) {
            case EXACT -> value;
            case ALL -> "*";
            case PREFIX -> value + "*";
            case VENUE -> VENUE_PREFIX + value;
        };
    }
}
