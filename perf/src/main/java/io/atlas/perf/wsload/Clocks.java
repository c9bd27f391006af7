package io.atlas.perf.wsload;

import java.time.Clock;
import java.time.Instant;

/** Wall-clock time in epoch microseconds, the unit of the predictions' stamps. */
final class Clocks {

    private static final Clock UTC = Clock.systemUTC();

    private Clocks() {
    }

    static long nowMicros() {
        Instant now = UTC.instant();
        return now.getEpochSecond() * 1_000_000L + now.getNano() / 1_000;
    }
}
