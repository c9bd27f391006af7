package io.atlas.perf.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * CPU, memory and GC pauses of one process during a measured window, read from {@code /proc/<pid>/stat},
 * {@code /proc/<pid>/status} (Linux only) and, for the JVMs the bench starts, their GC log.
 *
 * @param name       what the process is, e.g. {@code kafka} or {@code inference-stream}
 * @param cpuSeconds user + system CPU it used during the window
 * @param cores      {@code cpuSeconds} over the window's length: how many cores it kept busy
 * @param rssKb      resident memory at the end of the window
 * @param peakRssKb  its resident high-water mark since it started
 * @param gc         its GC pauses inside the window; null when the process writes no GC log the bench reads
 */
public record ProcessUsage(String name, long pid, double cpuSeconds, double cores, long rssKb, long peakRssKb,
                           GcPauses gc) {

    // USER_HZ is 100 on every Linux architecture the JVM runs on; /proc/<pid>/stat counts in those ticks.
    private static final double CLOCK_TICKS_PER_SECOND = 100.0;

    /** A process the bench watches: its name, pid and, when it writes one, its GC log. */
    public record Watched(String name, long pid, Path gcLog) {

        /** Reads its CPU time now, as a window opens. */
        public Sample sample() {
            return new Sample(this, cpuSeconds(pid), System.currentTimeMillis());
        }
    }

    /** A reading of one process as a window opened; {@link #until} gives the usage from then to now. */
    public record Sample(Watched process, double cpuSeconds, long epochMillis) {

        public ProcessUsage until(double windowSeconds) {
            long pid = process.pid();
            double used = Math.max(0, ProcessUsage.cpuSeconds(pid) - cpuSeconds);
            GcPauses gc = process.gcLog() == null ? null
                    : GcPauses.within(process.gcLog(), epochMillis, System.currentTimeMillis());
            return new ProcessUsage(process.name(), pid, used, windowSeconds > 0 ? used / windowSeconds : 0,
                    statusKb(pid, "VmRSS:"), statusKb(pid, "VmHWM:"), gc);
        }
    }

    static double cpuSeconds(long pid) {
        return cpuSecondsOf(Path.of("/proc", Long.toString(pid), "stat"));
    }

    /** User + system CPU seconds in a {@code stat} file of {@code /proc} (a process's or one of its threads'). */
    static double cpuSecondsOf(Path statFile) {
        try {
            String stat = Files.readString(statFile);
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
