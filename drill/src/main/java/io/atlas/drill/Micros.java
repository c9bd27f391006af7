package io.atlas.drill;

import java.time.Instant;

/** Wall-clock time in epoch microseconds, the unit of every tick's and prediction's times. */
public final class Micros {

    private Micros() {
    }

    public static long now() {
        Instant now = Instant.now();
        return now.getEpochSecond() * 1_000_000 + now.getNano() / 1_000;
    }
}
