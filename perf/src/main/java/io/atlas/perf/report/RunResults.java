package io.atlas.perf.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.atlas.perf.micro.MicroResult;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads a bench run's {@code results.json} into what the charts and the README block show. Lenient: a field a run
 * did not record (a {@code --quick} run has one rate and one guarantee; older runs lack guarantees and WebSocket
 * latency) reads as absent, never as an error.
 *
 * @param root the whole document, for the parts only shown as they are (machine, settings, ratios)
 */
record RunResults(Path folder, JsonNode root, List<Phase> phases, List<MicroResult> micro) {

    static final String JSON_FILE = "results.json";
    static final String PIPELINE = "pipeline";

    /** One point of a latency distribution: {@code fraction} of the records took at most {@code ms}. */
    record Point(double fraction, double ms) {
    }

    record Latency(long count, double p50Ms, double p90Ms, double p99Ms, double p999Ms, double maxMs,
                   List<Point> distribution) {
    }

    /**
     * One measured window.
     *
     * @param offeredPerSecond 0 when the stage ran flat out
     * @param wsLatency        to a WebSocket client (pipeline only), or null
     */
    record Phase(String stage, String guarantee, long offeredPerSecond, double achievedPerSecond, boolean sustained,
                 Latency latency, Latency wsLatency) {

        /** Stage and guarantee, the way every table and legend names a series. */
        String series() {
            return guarantee.isEmpty() || guarantee.equals("none") ? stage : stage + " " + guarantee;
        }

        boolean flatOut() {
            return offeredPerSecond <= 0;
        }
    }

    static RunResults read(Path folder) throws IOException {
        JsonNode root = new ObjectMapper().readTree(folder.resolve(JSON_FILE).toFile());
        List<Phase> phases = new ArrayList<>();
        for (JsonNode p : root.path("phases")) {
            phases.add(new Phase(p.path("stage").asText("?"), p.path("guarantee").asText(""),
                    p.path("offeredPerSecond").asLong(0), p.path("achievedPerSecond").asDouble(Double.NaN),
                    p.path("sustained").asBoolean(true), latency(p.path("latency")), latency(p.path("wsLatency"))));
        }
        List<MicroResult> micro = new ArrayList<>();
        for (JsonNode m : root.path("micro")) {
            Map<String, String> params = new LinkedHashMap<>();
            m.path("params").properties().forEach(e -> params.put(e.getKey(), e.getValue().asText()));
            micro.add(new MicroResult(m.path("benchmark").asText(), params, m.path("mode").asText(""),
                    m.path("score").asDouble(Double.NaN), m.path("error").asDouble(Double.NaN),
                    m.path("unit").asText("")));
        }
        return new RunResults(folder, root, List.copyOf(phases), List.copyOf(micro));
    }

    private static Latency latency(JsonNode l) {
        if (!l.isObject()) {
            return null;
        }
        List<Point> points = new ArrayList<>();
        double top = 0;
        for (JsonNode d : l.path("distribution")) {
            top = Math.max(top, d.path("percentile").asDouble());
        }
        // Percentiles are in percent (HdrHistogram's iteration values); a curve that never passes 1 is in fractions.
        double scale = top > 1 ? 100 : 1;
        for (JsonNode d : l.path("distribution")) {
            points.add(new Point(d.path("percentile").asDouble() / scale, d.path("ms").asDouble()));
        }
        return new Latency(l.path("count").asLong(0), l.path("p50Ms").asDouble(Double.NaN),
                l.path("p90Ms").asDouble(Double.NaN), l.path("p99Ms").asDouble(Double.NaN),
                l.path("p999Ms").asDouble(Double.NaN), l.path("maxMs").asDouble(Double.NaN), List.copyOf(points));
    }

    /** When the run started, or null when the file does not say. */
    Instant started() {
        String text = root.path("started").asText("");
        return text.isEmpty() ? null : Instant.parse(text);
    }

    /** The guarantees run, in the order their first phase ran. */
    List<String> guarantees() {
        return phases.stream().map(Phase::guarantee).distinct().toList();
    }

    /** The stage + guarantee series, in the order their first phase ran. */
    List<String> series() {
        return phases.stream().map(Phase::series).distinct().toList();
    }

    /**
     * The highest offered rate the pipeline kept up with (any stage's, for a run without the pipeline), 0 when
     * none did.
     */
    long highestSustainedRate() {
        boolean pipeline = phases.stream().anyMatch(p -> p.stage().equals(PIPELINE));
        return phases.stream().filter(p -> !p.flatOut() && p.sustained() && (!pipeline || p.stage().equals(PIPELINE)))
                .mapToLong(Phase::offeredPerSecond).max().orElse(0);
    }
}
