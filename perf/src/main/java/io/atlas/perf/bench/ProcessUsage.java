package io.atlas.perf.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * CPU and memory of one process, read from {@code /proc/<pid>/stat} and {@code /proc/<pid>/status} (Linux only).
 *
 * @param name       what the process is, e.g. {@code kafka} or {@code inference-stream}
 * @param cpuSeconds user + system CPU it used during the measured window
 * @param rssKb      resident memory at the end of the window
 * @param peakRssKb  its resident high-water mark since it started
 */
public record ProcessUsage(String name, long pid, double cpuSeconds, long rssKb, long peakRssKb) {

    // USER_HZ is 100 on every Linux architecture the JVM runs on; /proc/<pid>/stat counts in those ticks.
    private static final double CLOCK_TICKS_PER_SECOND = 100.0;

    /** A reading of one process at one instant; two of them give the CPU used in between. */
    public record Sample(String name, long pid, double cpuSeconds) {

        public static Sample of(String name, long pid) {
            return new Sample(name, pid, ProcessUsage.cpuSeconds(pid));
        }

        /** The usage between this sample and now. */
        public ProcessUsage until() {
            return new ProcessUsage(name, pid, Math.max(0, ProcessUsage.cpuSeconds(pid) - cpuSeconds), statusKb(pid, "VmRSS:"),
                    statusKb(pid, "VmHWM:"));
        }
    }

    static double cpuSeconds(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            // The command name (field 2) may hold spaces: fields after its closing parenthesis start at field 3.
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) / CLOCK_TICKS_PER_SECOND;
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }

    static long statusKb(long pid, String field) {
        try {
            List<String> lines = Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"));
            for (String line : lines) {
                if (line.startsWith(field)) {
                    return Long.parseLong(line.substring(field.length()).trim().split("\\s+")[0]);
                }
            }
        } catch (IOException | RuntimeException e) {
            return 0;
        }
        return 0;
    }
}
