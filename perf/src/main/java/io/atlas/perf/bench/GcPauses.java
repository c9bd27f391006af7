package io.atlas.perf.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The stop-the-world pauses a JVM logged with {@code -Xlog:gc:file=<path>:timemillis} inside a window of wall-clock
 * time: how many, their sum and the longest. Concurrent phases (which do not stop the application) are not counted.
 * Wall-clock stamps, not uptime, because another process's start time is known only to the second on Linux.
 *
 * @param count   pauses that started inside the window
 * @param totalMs their summed duration
 * @param maxMs   the longest of them
 */
public record GcPauses(int count, double totalMs, double maxMs) {

    // e.g. "[1764301234567ms] GC(7) Pause Young (Normal) (G1 Evacuation Pause) 24M->3M(256M) 2.345ms"
    private static final Pattern PAUSE = Pattern.compile("^\\[(\\d+)ms].*\\bPause\\b.*?(\\d+(?:\\.\\d+)?)ms\\s*$");

    /** The JVM option that makes a child JVM write the log this class reads. */
    public static String jvmOption(Path logFile) {
        return "-Xlog:gc:file=" + logFile.toAbsolutePath() + ":timemillis";
    }

    /** Pauses in the log's lines whose stamp (epoch millis) lies within [{@code fromMillis}, {@code toMillis}]. */
    public static GcPauses within(List<String> lines, long fromMillis, long toMillis) {
        int count = 0;
        double total = 0;
        double max = 0;
        for (String line : lines) {
            Matcher m = PAUSE.matcher(line);
            if (!m.find()) {
                continue;
            }
            long at = Long.parseLong(m.group(1));
            if (at < fromMillis || at > toMillis) {
                continue;
            }
            double ms = Double.parseDouble(m.group(2));
            count++;
            total += ms;
            max = Math.max(max, ms);
        }
        return new GcPauses(count, total, max);
    }

    /** As {@link #within(List, long, long)} on a log file; none when the file is missing or unreadable. */
    public static GcPauses within(Path logFile, long fromMillis, long toMillis) {
        try {
            return within(Files.readAllLines(logFile), fromMillis, toMillis);
        } catch (IOException e) {
            return new GcPauses(0, 0, 0);
        }
    }
}
