package io.atlas.perf.wsload;

import java.util.Locale;

/**
 * The symbols a load run subscribes to and, when it produces its own predictions, writes: {@code prefix} followed by
 * a four-digit number from 0001, as the simulator names its instruments ({@code S0001}..{@code S0500}). Knowing the
 * shape lets a client map a symbol in a frame to its number without building a string.
 */
record SymbolSet(String prefix, int count) {

    SymbolSet {
        if (prefix.isEmpty() || !prefix.chars().allMatch(Character::isLetter)) {
            throw new IllegalArgumentException("a symbol prefix is one or more letters, got '" + prefix + "'");
        }
        if (count < 1 || count > 9999) {
            throw new IllegalArgumentException("between 1 and 9999 symbols, got " + count);
        }
    }

    /** The symbol numbered {@code index} (0-based). */
    String name(int index) {
        return prefix + String.format(Locale.ROOT, "%04d", index + 1);
    }

    /** The 0-based number of the symbol {@code text[start, end)} (ASCII), or -1 when it is not one of this set. */
    int indexOf(byte[] text, int start, int end) {
        int digitsAt = start + prefix.length();
        if (end - digitsAt != 4) {
            return -1;
        }
        for (int i = 0; i < prefix.length(); i++) {
            if (text[start + i] != prefix.charAt(i)) {
                return -1;
            }
        }
        int number = 0;
        for (int i = digitsAt; i < end; i++) {
            byte c = text[i];
            if (c < '0' || c > '9') {
                return -1;
            }
            number = number * 10 + (c - '0');
        }
        return number >= 1 && number <= count ? number - 1 : -1;
    }
}
