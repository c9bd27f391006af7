package io.atlas.perf.wsload;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Looks at the gateway process from outside, so its figures hold on a shared machine: its CPU time (and per thread
 * group) from /proc, its heap after a full collection from {@code jcmd}, and, when its ops port is known, its own
 * meters from {@code /metrics}.
 */
final class GatewayProbe {

    private static final Pattern HEAP_USED = Pattern.compile("total \\d+K, used (\\d+)K");
    private static final Duration JCMD_TIMEOUT = Duration.ofSeconds(60);
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final long pid;
    private final URI metrics;

    /** @param metrics the gateway's Prometheus endpoint, or null when unknown */
    GatewayProbe(long pid, URI metrics) {
        this.pid = pid;
        this.metrics = metrics;
    }

    long pid() {
        return pid;
    }

    double cpuSeconds() {
        return ProcCpu.seconds(pid);
    }

    Map<String, Double> threadCpuSeconds() {
        return ProcCpu.byThreadGroup(pid);
    }

    /** Heap in use after two full collections ({@code jcmd GC.run}, then {@code GC.heap_info}), in bytes. */
    long heapAfterGc() throws IOException, InterruptedException {
        jcmd("GC.run");
        jcmd("GC.run");
        Matcher used = HEAP_USED.matcher(jcmd("GC.heap_info"));
        if (!used.find()) {
            throw new IllegalStateException("jcmd " + pid + " GC.heap_info printed no heap use");
        }
        return Long.parseLong(used.group(1)) * 1024;
    }

    private String jcmd(String command) throws IOException, InterruptedException {
        Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
        Process process = new ProcessBuilder(jcmd.toString(), Long.toString(pid), command).redirectErrorStream(true)
                .start();
        String output = new String(process.getInputStream().readAllBytes());
        if (!process.waitFor(JCMD_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS) || process.exitValue() != 0) {
            process.destroyForcibly();
            throw new IllegalStateException("jcmd " + pid + " " + command + " failed: " + output.trim());
        }
        return output;
    }

    /**
     * The cumulative buckets of the gateway's own latency histogram ({@code atlas.gateway.latency}: tick exchange
     * time to the frame written to the socket), upper bound in seconds → count; empty when unknown.
     */
    NavigableMap<Double, Double> latencyBuckets() {
        NavigableMap<Double, Double> buckets = new TreeMap<>();
        for (String line : scrape().split("\n")) {
            if (line.startsWith("atlas_gateway_latency_seconds_bucket{")) {
                String le = label(line, "le");
                double bound = le.equals("+Inf") ? Double.POSITIVE_INFINITY : Double.parseDouble(le);
                buckets.merge(bound, Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)), Double::sum);
            }
        }
        return buckets;
    }

    /**
     * The gateway's own counters that the report sets beside the clients' view: data and control frames written,
     * updates conflated and dropped, connections; empty when its ops port is unknown or does not answer.
     */
    Map<String, Double> meters() {
        Map<String, Double> values = new LinkedHashMap<>();
        for (String line : scrape().split("\n")) {
            if (line.startsWith("#") || line.isBlank()) {
                continue;
            }
            String name = line.substring(0, Math.max(0, line.indexOf(line.contains("{") ? '{' : ' ')));
            String key = switch (name) {
                case "atlas_gateway_messages_out_total" -> "messagesOut." + label(line, "kind");
                case "atlas_gateway_updates_conflated_total" -> "updatesConflated";
                case "atlas_gateway_updates_dropped_total" -> "updatesDropped";
                case "atlas_gateway_connections" -> "connections";
                case "atlas_gateway_closes_total" -> "closes." + label(line, "code");
                default -> null;
            };
            if (key != null) {
                values.merge(key, Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)), Double::sum);
            }
        }
        return values;
    }

    /** The gateway's /metrics text, empty when its ops port is unknown or does not answer. */
    private String scrape() {
        if (metrics == null) {
            return "";
        }
        try {
            return HTTP.send(HttpRequest.newBuilder(metrics).timeout(Duration.ofSeconds(10)).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
        } catch (IOException e) {
            return "";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "";
        }
    }

    private static String label(String line, String label) {
        Matcher m = Pattern.compile(label + "=\"([^\"]*)\"").matcher(line);
        return m.find() ? m.group(1) : "?";
    }
}
