package io.atlas.perf.bench;

import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The summary of Kafka's {@code ConsumerPerformance}: how fast a bare consumer reads records of a tick's size. The
 * rates are the tool's fetch rates, which leave out the time spent joining the group.
 *
 * @param records          records consumed
 * @param recordsPerSecond {@code fetch.nMsg.sec}
 * @param mbPerSecond      {@code fetch.MB.sec}
 * @param rebalanceMs      {@code rebalance.time.ms}: joining the group, before the first fetch
 */
public record ConsumerBaseline(long records, double recordsPerSecond, double mbPerSecond, double rebalanceMs) {

    /** Parses the tool's header line and the value line under it; fails naming the output when there are none. */
    public static ConsumerBaseline parse(String output) {
        List<String> lines = output.lines().map(String::trim).toList();
        for (int i = lines.size() - 2; i >= 0; i--) {
            if (lines.get(i).startsWith("start.time")) {
                String[] names = lines.get(i).split(",\\s*");
                String[] values = lines.get(i + 1).split(",\\s*");
                Map<String, String> byName = new HashMap<>();
                for (int f = 0; f < Math.min(names.length, values.length); f++) {
                    byName.put(names[f].toLowerCase(Locale.ROOT), values[f]);
                }
                return new ConsumerBaseline(Long.parseLong(field(byName, "data.consumed.in.nmsg", output)),
                        Double.parseDouble(field(byName, "fetch.nmsg.sec", output)),
                        Double.parseDouble(field(byName, "fetch.mb.sec", output)),
                        Double.parseDouble(field(byName, "rebalance.time.ms", output)));
            }
        }
        throw new IllegalStateException("ConsumerPerformance printed no summary:\n" + output);
    }

    private static String field(Map<String, String> byName, String name, String output) {
        String value = byName.get(name);
        if (value == null) {
            throw new IllegalStateException("ConsumerPerformance's summary has no " + name + ":\n" + output);
        }
        return value;
    }
}
