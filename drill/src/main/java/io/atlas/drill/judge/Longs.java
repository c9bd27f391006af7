package io.atlas.drill.judge;

import java.util.Arrays;

/** A growable array of longs: a window's sequence numbers, times or offsets, without boxing millions of them. */
final class Longs {

    private long[] values = new long[64];
    private int size;

    void add(long value) {
        if (size == values.length) {
            values = Arrays.copyOf(values, size * 2);
        }
        values[size++] = value;
    }

    long get(int index) {
        return values[index];
    }

    int size() {
        return size;
    }

    /** Keeps only the entries at the indexes {@code keep} accepts, in order. */
    void retain(java.util.function.IntPredicate keep) {
        int kept = 0;
        for (int i = 0; i < size; i++) {
            if (keep.test(i)) {
                values[kept++] = values[i];
            }
        }
        size = kept;
    }

    long[] toArray() {
        return Arrays.copyOf(values, size);
    }
}
