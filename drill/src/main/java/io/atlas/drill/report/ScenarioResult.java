package io.atlas.drill.report;

import io.atlas.drill.judge.ClientCount;
import io.atlas.drill.judge.WindowCount;
import io.atlas.drill.load.ReferenceChanges;

import java.util.List;
import java.util.Map;

/**
 * One scenario's figures and verdict.
 *
 * @param kafka           ticks and predictions, counted
 * @param clients         what the resuming WebSocket clients received meanwhile
 * @param reference       CDC's changes committed meanwhile and how they arrived
 * @param unexpectedExits services that exited on their own meanwhile (neither killed nor stopped by the drill), each
 *                        restarted as Kubernetes restarts a container: service name → how many times
 * @param met             whether the goal held
 * @param misses          what missed the goal, in words
 */
public record ScenarioResult(String name, String description, String goal, WindowCount kafka, ClientCount clients,
                             ReferenceChanges.Count reference, Map<String, Long> unexpectedExits, boolean met,
                             List<String> misses) {
}
