package io.atlas.drill.report;

import io.atlas.drill.judge.ClientCount;
import io.atlas.drill.judge.WindowCount;
import io.atlas.drill.load.ReferenceChanges;
import io.atlas.drill.scenario.Goal;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Holds a scenario's counts to its goal and says in words what missed it. */
public final class Verdict {

    private Verdict() {
    }

    /**
     * @param unexpectedExits services that exited on their own during the window → how many times: each a miss,
     *                        whatever else held, since no scenario asks for a crash
     * @param exactlyOnce     whether the scorer ran at exactly_once_v2, where a duplicate prediction misses the goal
     *                        (at at_least_once duplicates are counted, not held against it)
     */
    public static List<String> misses(Goal goal, WindowCount kafka, ClientCount clients,
                                      ReferenceChanges.Count reference, Map<String, Long> unexpectedExits,
                                      boolean exactlyOnce) {
        List<String> misses = new ArrayList<>();
        unexpectedExits.forEach((service, times) -> misses.add(service + " exited on its own " + times
                + " time(s) and was restarted"));
        if (!kafka.settled()) {
            misses.add(String.format(Locale.ROOT, "not settled %.0f s after the scenario: what was still missing "
                    + "then counts as lost", kafka.settleSeconds()));
        }
        if (kafka.lostTicks() > 0) {
            misses.add(kafka.lostTicks() + " ticks lost");
        }
        if (kafka.duplicateTicks() > 0) {
            misses.add(kafka.duplicateTicks() + " ticks duplicated on atlas.ticks");
        }
        if (kafka.lostPredictions() > 0) {
            misses.add(kafka.lostPredictions() + " ticks without a live prediction");
        }
        if (exactlyOnce && kafka.duplicatePredictions() > 0) {
            misses.add(kafka.duplicatePredictions() + " duplicate predictions");
        }
        for (Map.Entry<String, Double> flowing : kafka.flowingAgainSeconds().entrySet()) {
            if (flowing.getValue() < 0 || flowing.getValue() > goal.flowingAgainSeconds()) {
                misses.add(String.format(Locale.ROOT, "predictions flowing again %s after %s (goal %.0f s)",
                        flowing.getValue() < 0 ? "never" : String.format(Locale.ROOT, "%.1f s", flowing.getValue()),
                        flowing.getKey(), goal.flowingAgainSeconds()));
            }
        }
        if (clients.gaps() > 0) {
            misses.add(clients.gaps() + " WebSocket frames missed by resuming clients (in the same window the "
                    + "gateways conflated " + clients.updatesConflated() + " and dropped " + clients.updatesDropped()
                    + " updates)");
        }
        if (reference.lost() > 0) {
            misses.add(reference.lost() + " CDC changes lost");
        }
        return misses;
    }
}
