package io.atlas.perf.bench;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The final line of Kafka's {@code ProducerPerformance}: how fast a bare producer writes records of a tick's size.
 */
public record ProducerBaseline(long records, double recordsPerSecond, double mbPerSecond, double avgMs,
                               double maxMs, double p50Ms, double p95Ms, double p99Ms, double p999Ms) {

    private static final Pattern SUMMARY = Pattern.compile("(\\d+) records sent, ([\\d.]+) records/sec "
            + "\\(([\\d.]+) MB/sec\\), ([\\d.]+) ms avg latency, ([\\d.]+) ms max latency, (\\d+) ms 50th, "
            + "(\\d+) ms 95th, (\\d+) ms 99th, (\\d+) ms 99.9th");

    /** Parses the summary line out of the tool's output; fails naming the output when there is none. */
    public static ProducerBaseline parse(String output) {
        Matcher m = SUMMARY.matcher(output);
        ProducerBaseline last = null;
        while (m.find()) {
            last = new ProducerBaseline(Long.parseLong(m.group(1)), Double.parseDouble(m.group(2)),
                    Double.parseDouble(m.group(3)), Double.parseDouble(m.group(4)), Double.parseDouble(m.group(5)),
                    Double.parseDouble(m.group(6)), Double.parseDouble(m.group(7)), Double.parseDouble(m.group(8)),
                    Double.parseDouble(m.group(9)));
        }
        if (last == null) {
            throw new IllegalStateException("ProducerPerformance printed no summary line:\n" + output);
        }
        return last;
    }
}
