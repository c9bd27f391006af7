package io.atlas.drill.report;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The DR failover's figures: what the primary's loss cost (RPO) and how long until the DR region served again (RTO).
 *
 * @param ticksLost             ticks the primary had (read there, or acknowledged to the outside producer) that
 *                              never reached the DR cluster
 * @param rpoSeconds            the primary's loss instant minus the time the oldest lost tick entered Kafka (a
 *                              simulated tick's ingest time, a raw tick's acknowledged record timestamp): the window
 *                              of data lost (0 when nothing was)
 * @param predictionsDuplicated live predictions in the DR cluster beyond the first of a tick, around the switch (the
 *                              DR scorer resumes from offsets translated up to one sync interval back)
 * @param ticksWithoutPrediction ticks in the DR cluster, around the switch, that never got a live prediction there
 * @param rtoSeconds            from the primary's loss to the first prediction read in DR of a tick ingested there
 * @param steps                 the failover's steps with their durations in seconds, in order
 * @param clients               the WebSocket clients' reconnects and resumes in the DR region
 * @param met                   whether RPO ≤ 1 s and RTO ≤ 60 s held (the production summary allows 1 h and 4 h)
 */
public record FailoverResult(long ticksLost, double rpoSeconds, long predictionsDuplicated,
                             long ticksWithoutPrediction, double rtoSeconds, Map<String, Double> steps,
                             Map<String, Long> clients, List<String> notes, boolean met) {

    String markdown() {
        StringBuilder md = new StringBuilder("## DR failover through MirrorMaker 2\n\n");
        md.append(String.format(Locale.ROOT, "| RPO: ticks lost | RPO: data window lost (s) | predictions "
                + "duplicated at the switch | ticks without a prediction | RTO (s) | goal (RPO ≤ 1 s, RTO ≤ 60 s) met "
                + "|%n|---|---|---|---|---|---|%n| %d | %.2f | %d | %d | %.1f | %s |%n%n", ticksLost, rpoSeconds,
                predictionsDuplicated, ticksWithoutPrediction, rtoSeconds, met ? "yes" : "**no**"));
        md.append("Steps (seconds): ").append(steps).append("\n\n");
        md.append("WebSocket clients: ").append(clients).append("\n\n");
        notes.forEach(note -> md.append("- ").append(note).append("\n"));
        return md.toString();
    }
}
