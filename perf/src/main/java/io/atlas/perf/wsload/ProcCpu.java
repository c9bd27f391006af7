package io.atlas.perf.wsload;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;

/**
 * CPU time of a process and of its threads from {@code /proc/<pid>/stat} and {@code /proc/<pid>/task/<tid>/stat}
 * (Linux): user + system, in seconds. Threads are grouped by name without their trailing number
 * ({@code gateway-writer-2} and {@code gateway-writer-1} are {@code gateway-writer}), so the split stays readable.
 */
final class ProcCpu {

    // USER_HZ is 100 on every Linux architecture the JVM runs on; /proc counts CPU time in those ticks.
    private static final double TICKS_PER_SECOND = 100.0;

    private ProcCpu() {
    }

    /** CPU seconds the process used since it started; 0 when it cannot be read (gone, not Linux). */
    static double seconds(long pid) {
        return seconds(Path.of("/proc", Long.toString(pid), "stat"));
    }

    /** CPU seconds per thread group of the process (a thread that ended meanwhile is no longer counted). */
    static Map<String, Double> byThreadGroup(long pid) {
        Map<String, Double> groups = new TreeMap<>();
        try (DirectoryStream<Path> tasks = Files.newDirectoryStream(Path.of("/proc", Long.toString(pid), "task"))) {
            for (Path task : tasks) {
                String stat = read(task.resolve("stat"));
                if (stat != null) {
                    groups.merge(group(stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'))), seconds(stat),
                            Double::sum);
                }
            }
        } catch (IOException e) {
            return Map.of();
        }
        return groups;
    }

    /** A thread's name without a trailing number and its separator: {@code gateway-writer-12} → gateway-writer. */
    static String group(String threadName) {
        int end = threadName.length();
        while (end > 0 && Character.isDigit(threadName.charAt(end - 1))) {
            end--;
        }
        while (end > 0 && "-#_ ".indexOf(threadName.charAt(end - 1)) >= 0) {
            end--;
        }
        return end == 0 ? threadName : threadName.substring(0, end);
    }

    /**
     * Busy CPU seconds of the whole machine, all cores, from the first line of {@code /proc/stat}: user, nice,
     * system, irq, softirq and steal (not idle or iowait); 0 when it cannot be read.
     */
    static double machineBusySeconds() {
        String stat = read(Path.of("/proc/stat"));
        if (stat == null) {
            return 0;
        }
        String[] f = stat.substring(0, stat.indexOf('\n')).trim().split("\\s+");
        long busy = 0;
        for (int i = 1; i <= 8 && i < f.length; i++) {
            if (i != 4 && i != 5) {
                busy += Long.parseLong(f[i]);
            }
        }
        return busy / TICKS_PER_SECOND;
    }

    private static double seconds(Path stat) {
        String text = read(stat);
        return text == null ? 0 : seconds(text);
    }

    /** utime + stime of a stat line; the name (field 2) may hold spaces, so fields count from its ')'. */
    static double seconds(String stat) {
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) / TICKS_PER_SECOND;
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            return null;
        }
    }
}
