package io.atlas.perf.wsload;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Everything one load run found, written as {@value #JSON_FILE} (every figure) and {@value #MARKDOWN_FILE} (the
 * tables a person reads) in a folder, as perf's other reports are.
 *
 * @param heap         gateway heap after a full GC before and after the clients connected; null when not measured
 * @param verification the gap and duplicate check, after the drain
 */
record LoadReport(Instant started, Instant finished, Map<String, Object> machine, Map<String, Object> settings,
                  String gateway, Long gatewayPid, LoadClients.Connected connected, int held,
                  Map<Integer, Integer> closes, int refusals, Heap heap, Window.Result window,
                  Verification verification, long producedSent) {

    static final String JSON_FILE = "loadgen.json";
    static final String MARKDOWN_FILE = "loadgen.md";
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private static final ObjectMapper JSON_LINE = new ObjectMapper();

    /** Gateway heap in use after a full collection, without and with the clients connected (subscribed, idle). */
    record Heap(long beforeBytes, long connectedBytes, int connections) {
        double perConnectionBytes() {
            return connections > 0 ? (connectedBytes - beforeBytes) / (double) connections : Double.NaN;
        }
    }

    void write(Path folder) throws IOException {
        Files.createDirectories(folder);
        Files.writeString(folder.resolve(JSON_FILE), json());
        Files.writeString(folder.resolve(MARKDOWN_FILE), markdown());
    }

    String json() {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("started", started.toString());
        root.put("finished", finished.toString());
        root.put("machine", machine);
        root.put("settings", settings);
        root.put("gateway", ordered("origin", gateway, "pid", gatewayPid));
        root.put("connections", ordered("requested", connected.requested(), "opened", connected.opened(),
                "failed", connected.failed(), "firstFailure", connected.firstFailure(),
                "connectSeconds", connected.seconds(), "held", held, "closes", closes, "refusedSubscriptions",
                refusals));
        root.put("heap", heap == null ? null : ordered("beforeBytes", heap.beforeBytes(), "connectedBytes",
                heap.connectedBytes(), "connections", heap.connections(), "perConnectionBytes",
                finite(heap.perConnectionBytes())));
        root.put("window", window(window));
        root.put("verification", verification(verification));
        root.put("producedSent", producedSent);
        return write(root);
    }

    static String write(Object tree) {
        return write(JSON, tree);
    }

    /** {@code tree} as JSON on one line, as --control answers. */
    static String line(Object tree) {
        return write(JSON_LINE, tree);
    }

    private static String write(ObjectMapper mapper, Object tree) {
        try {
            return mapper.writeValueAsString(tree);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Map<String, Object> window(Window.Result w) {
        return ordered("seconds", w.seconds(), "updates", w.updates(), "updatesPerSecond", w.updatesPerSecond(),
                "frames", w.frames(), "framesPerSecond", w.framesPerSecond(), "updatesPerFrame", w.updatesPerFrame(),
                "charsPerSecond", w.seconds() > 0 ? w.chars() / w.seconds() : 0,
                "latency", percentiles(w.latency()), "tickLatency", percentiles(w.tickLatency()),
                "gatewayCpuSeconds", w.gatewayCpuSeconds(), "gatewayCores", w.gatewayCores(),
                "gatewayCpuSecondsPerMillionUpdates", finite(w.gatewayCpuSecondsPerMillionUpdates()),
                "updatesPerGatewayCpuSecond", finite(w.updatesPerGatewayCpuSecond()),
                "gatewayThreadCpuSeconds", w.gatewayThreads(), "processCpuSeconds", w.processCpu(),
                "otherCores", w.otherCores(), "gatewayMeters", w.gatewayMeters(),
                "gatewayLatencyMs", w.gatewayLatencyMs());
    }

    static Map<String, Object> verification(Verification v) {
        return ordered("gapsChecked", v.gapsChecked(), "produced", v.produced(), "clientsChecked",
                v.clientsChecked(), "clientsClosed", v.clientsClosed(), "expected", v.expected(), "gaps", v.gaps(),
                "duplicates", v.duplicates(), "unexpected", v.unexpected(), "clientsWithGaps", v.clientsWithGaps(),
                "gapsByProfile", v.gapsByProfile(), "duplicatesByProfile", v.duplicatesByProfile(),
                "firstDuplicateByProfile", v.firstDuplicateByProfile());
    }

    private static Map<String, Object> percentiles(Percentiles p) {
        return ordered("count", p.count(), "p50Ms", p.p50Ms(), "p90Ms", p.p90Ms(), "p99Ms", p.p99Ms(),
                "p999Ms", p.p999Ms(), "maxMs", p.maxMs());
    }

    private static Double finite(double value) {
        return Double.isFinite(value) ? value : null;
    }

    private static Map<String, Object> ordered(Object... keysAndValues) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            m.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return m;
    }

    String markdown() {
        Window.Result w = window;
        StringBuilder b = new StringBuilder();
        b.append("# WebSocket load run, ").append(started).append("\n\n");
        b.append(machine.get("cores")).append(" cores, ").append(machine.get("cpu")).append(", Java ")
                .append(machine.get("java")).append("; load average ").append(machine.get("loadBefore"))
                .append(" before, ").append(machine.get("loadAfter")).append(" after. Gateway: ").append(gateway)
                .append(gatewayPid == null ? "" : " (pid " + gatewayPid + ")").append(".\n\n");
        b.append("Settings: ").append(settings).append("\n\n");
        b.append("| connections | held | failed | closed | updates/s | frames/s | updates per frame | p50 ms | "
                + "p99 ms | p99.9 ms | gateway cores | gateway CPU s per M updates | updates per gateway CPU s |\n");
        b.append("|---|---|---|---|---|---|---|---|---|---|---|---|---|\n");
        Percentiles l = w.latency();
        b.append(String.format(Locale.ROOT, "| %,d | %,d | %,d | %s | %,.0f | %,.0f | %.1f | %.1f | %.1f | %.1f | "
                        + "%.2f | %s | %s |%n", connected.requested(), held, connected.failed(), closes,
                w.updatesPerSecond(), w.framesPerSecond(), w.updatesPerFrame(), l.p50Ms(), l.p99Ms(), l.p999Ms(),
                w.gatewayCores(), number("%.3f", w.gatewayCpuSecondsPerMillionUpdates()),
                number("%,.0f", w.updatesPerGatewayCpuSecond())));
        b.append("\nLatency is from each prediction's `scoreEndMicros` to its receipt here (")
                .append(String.format(Locale.ROOT, "%,d", l.count())).append(" updates in ")
                .append(String.format(Locale.ROOT, "%.1f", w.seconds())).append(" s); from the tick's exchange "
                        + "time: p50 ")
                .append(String.format(Locale.ROOT, "%.1f ms, p99 %.1f ms.", w.tickLatency().p50Ms(),
                        w.tickLatency().p99Ms()));
        if (!w.gatewayLatencyMs().isEmpty()) {
            b.append(" The gateway's own histogram (tick exchange time → frame written to the socket; bucket upper "
                    + "bounds): p50 ").append(w.gatewayLatencyMs().get("p50")).append(" ms, p99 ")
                    .append(w.gatewayLatencyMs().get("p99")).append(" ms.");
        }
        b.append("\n\n");
        if (heap != null) {
            b.append(String.format(Locale.ROOT, "Gateway heap after full GC: %.1f MiB before, %.1f MiB with %,d "
                            + "connections (subscribed, idle): **%,.0f bytes per connection**.%n%n",
                    heap.beforeBytes() / 1048576.0, heap.connectedBytes() / 1048576.0, heap.connections(),
                    heap.perConnectionBytes()));
        }
        Verification v = verification;
        b.append(String.format(Locale.ROOT, "Check over %,d clients open at the end (%,d closed, left out): "
                + "%s, **%,d duplicates**, %,d unexpected.%n%n", v.clientsChecked(), v.clientsClosed(),
                v.gapsChecked() ? String.format(Locale.ROOT, "**%,d gaps** of %,d expected updates (%,d produced "
                        + "by this run)", v.gaps(), v.expected(), v.produced())
                        : "gaps not checked (the run produced nothing of its own)", v.duplicates(), v.unexpected()));
        if (!v.gapsByProfile().isEmpty() || !v.duplicatesByProfile().isEmpty()) {
            b.append("Gaps by profile: ").append(v.gapsByProfile()).append("; duplicates by profile: ")
                    .append(v.duplicatesByProfile()).append(", first of each: ").append(v.firstDuplicateByProfile())
                    .append(".\n\n");
        }
        b.append("CPU seconds in the window, per process: ").append(rounded(w.processCpu()))
                .append(String.format(Locale.ROOT, "; gateway %.2f; other programs %.2f cores.%n%n",
                        w.gatewayCpuSeconds(), w.otherCores()));
        b.append("Gateway CPU seconds per thread group: ").append(rounded(w.gatewayThreads())).append("\n");
        if (!w.gatewayMeters().isEmpty()) {
            b.append("\nGateway meters over the window: ").append(rounded(w.gatewayMeters())).append("\n");
        }
        return b.toString();
    }

    private static String number(String format, double value) {
        return Double.isFinite(value) ? String.format(Locale.ROOT, format, value) : "–";
    }

    private static Map<String, String> rounded(Map<String, Double> values) {
        Map<String, String> out = new LinkedHashMap<>();
        values.forEach((k, v) -> {
            if (Math.abs(v) >= 0.005) {
                out.put(k, String.format(Locale.ROOT, "%.2f", v));
            }
        });
        return out;
    }
}
