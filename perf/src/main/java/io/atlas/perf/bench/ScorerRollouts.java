package io.atlas.perf.bench;

import io.atlas.ops.OpsServer;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * Reads one scorer's release meters from its Prometheus endpoint: the rollout timer
 * {@code atlas.inference.model.rollout} (count and total; the scorer records, for each release change committed while
 * it runs, the time from the change's commit in PostgreSQL, stamped on the record by CDC, to the change scoring there)
 * and the live model version gauge. Between two readings one change apart, the totals' difference is that change's
 * own rollout time on this instance, as the scorer measured it, however late the reading is taken.
 */
final class ScorerRollouts {

    static final String COUNT = "atlas_inference_model_rollout_seconds_count";
    static final String SUM = "atlas_inference_model_rollout_seconds_sum";
    static final String VERSION = "atlas_inference_model_version";
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final String name;
    private final URI metrics;

    ScorerRollouts(String name, int opsPort) {
        this.name = name;
        this.metrics = URI.create("http://127.0.0.1:" + opsPort + OpsServer.METRICS);
    }

    /** Rollouts timed so far, their total in seconds, and the live model version (-1 before any). */
    record Reading(long count, double seconds, int version) {
    }

    String name() {
        return name;
    }

    Reading read() throws IOException, InterruptedException {
        String text = HTTP.send(HttpRequest.newBuilder(metrics).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        return parse(text);
    }

    /** The reading in a Prometheus text exposition; absent meters read as 0 (count, total) and -1 (version). */
    static Reading parse(String text) {
        double count = 0;
        double seconds = 0;
        double version = -1;
        for (String line : text.split("\n")) {
            if (line.startsWith("#") || line.isBlank()) {
                continue;
            }
            int end = line.indexOf(line.contains("{") ? '{' : ' ');
            if (end <= 0) {
                continue;
            }
            double value = Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            switch (line.substring(0, end)) {
                case COUNT -> count = value;
                case SUM -> seconds = value;
                case VERSION -> version = value;
                default -> {
                }
            }
        }
        return new Reading(Math.round(count), seconds, (int) version);
    }
}
