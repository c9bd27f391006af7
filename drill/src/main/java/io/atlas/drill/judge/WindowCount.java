package io.atlas.drill.judge;

import java.util.Map;

/**
 * What one window of a drill counted on the Kafka side: every tick ingested in it, whether it reached
 * {@code atlas.ticks} once, whether it got exactly one committed live prediction, and how predictions flowed.
 *
 * @param ticks                ticks ingested in the window (read once from atlas.ticks, read_committed)
 * @param lostTicks            ticks produced (acknowledged, or inside a publisher's gap-free run) missing on atlas.ticks
 * @param oldestLostRawMicros  when the oldest raw tick counted as lost entered Kafka: its acknowledged record's
 *                             timestamp, epoch µs (a lost simulated tick was never read, so its time is unknown here);
 *                             0 when no raw tick was lost
 * @param duplicateTicks       ticks read more than once
 * @param lostPredictions      ticks with no live prediction once the window settled
 * @param duplicatePredictions live predictions beyond the first of a tick
 * @param latePredictions      predictions read in this window for ticks an earlier window had counted as lost
 * @param p50LatencyMs         tick ingest → committed prediction read by the judge, median
 * @param p99LatencyMs         the same, 99th percentile
 * @param maxLatencyMs         the same, highest
 * @param longestStallMs       the longest time no prediction was read while the window was open
 * @param flowingAgainSeconds  per event of the scenario (a broker's return, a restart): seconds until the first
 *                             prediction of a tick ingested after it was read; -1 when none came
 * @param settled              whether every tick of the window had its prediction, and every acknowledged raw tick
 *                             was read, within the settle time; if not, the ticks still waiting count as lost
 * @param settleSeconds        how long the window took to settle after its end (every tick predicted)
 */
public record WindowCount(String name, long startMicros, long endMicros, long ticks, long lostTicks,
                          long oldestLostRawMicros, long duplicateTicks, long lostPredictions,
                          long duplicatePredictions, long latePredictions, double p50LatencyMs, double p99LatencyMs,
                          double maxLatencyMs, double longestStallMs, Map<String, Double> flowingAgainSeconds,
                          boolean settled, double settleSeconds) {
}
