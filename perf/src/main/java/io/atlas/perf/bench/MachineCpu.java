package io.atlas.perf.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The whole machine's busy CPU time from the first line of {@code /proc/stat}, so that what other programs used during
 * a window can be told apart from what the processes under test used.
 */
final class MachineCpu {

    // USER_HZ is 100 on every Linux architecture the JVM runs on; /proc/stat counts in those ticks.
    private static final double CLOCK_TICKS_PER_SECOND = 100.0;

    private MachineCpu() {
    }

    /** CPU seconds every core spent busy since boot: user, nice, system, irq, softirq and steal; not idle or iowait. */
    static double busySeconds() {
        try {
            return busySeconds(Files.readAllLines(Path.of("/proc/stat")).get(0));
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }

    static double busySeconds(String cpuLine) {
        String[] f = cpuLine.trim().split("\\s+");
        if (!f[0].equals("cpu")) {
            throw new IllegalArgumentException("not the aggregate cpu line of /proc/stat: " + cpuLine);
        }
        long busy = 0;
        // f[1..8]: user nice system idle iowait irq softirq steal; idle (4) and iowait (5) are not busy.
        for (int i = 1; i <= 8 && i < f.length; i++) {
            if (i != 4 && i != 5) {
                busy += Long.parseLong(f[i]);
            }
        }
        return busy / CLOCK_TICKS_PER_SECOND;
    }

    /**
     * Cores' worth of CPU that other programs used over a window: the machine's busy seconds minus those of our own
     * processes, over the window's length; never below zero (the two clocks tick at slightly different moments).
     */
    static double otherCores(double machineBusySeconds, double ownCpuSeconds, double windowSeconds) {
        if (windowSeconds <= 0) {
            return 0;
        }
        return Math.max(0, (machineBusySeconds - ownCpuSeconds) / windowSeconds);
    }
}
