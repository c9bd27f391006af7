package io.atlas.drill.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A drill's results: {@code results.json} (every figure) and {@code summary.md} (one table row per scenario, the DR
 * failover's RPO and RTO), written to the run's results folder.
 *
 * @param machine   where it ran: cores, memory, Java, OS, load average before and after, Atlas commit
 * @param settings  the options it ran with (rates, guarantee, timings)
 * @param scenarios every scenario's figures, in the order run
 * @param failover  the DR failover's figures, or null when it was not run
 */
public record DrillReport(String started, String command, Map<String, Object> machine, Map<String, Object> settings,
                          List<ScenarioResult> scenarios, FailoverResult failover) {

    public void write(Path dir) throws IOException {
        Files.createDirectories(dir);
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
                .writeValue(dir.resolve("results.json").toFile(), this);
        Files.writeString(dir.resolve("summary.md"), markdown());
    }

    String markdown() {
        StringBuilder md = new StringBuilder();
        md.append("# Atlas drill, ").append(started).append("\n\n");
        md.append("`").append(command).append("`\n\n");
        md.append("Machine: ").append(machine).append("\n\n");
        md.append("Settings: ").append(settings).append("\n\n");
        md.append("| scenario | ticks | lost ticks | dup ticks | lost predictions | dup predictions | late predictions "
                + "| flowing again (s) | max latency ms | p99 ms | longest stall ms | WS frames | WS gaps "
                + "| updates conflated / dropped by the gateways | WS dups | resumes (refused) "
                + "| CDC changes (lost/dup) | exited on their own | goal met |\n");
        md.append("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|\n");
        for (ScenarioResult result : scenarios) {
            var k = result.kafka();
            var c = result.clients();
            md.append(String.format(Locale.ROOT,
                    "| `%s` | %,d | %d | %d | %d | %d | %d | %s | %.0f | %.0f | %.0f | %,d | %d | %,d / %,d | %d "
                            + "| %d (%d) | %d (%d/%d) | %s | %s |%n",
                    result.name(), k.ticks(), k.lostTicks(), k.duplicateTicks(), k.lostPredictions(),
                    k.duplicatePredictions(), k.latePredictions(), flowing(k.flowingAgainSeconds()),
                    k.maxLatencyMs(), k.p99LatencyMs(), k.longestStallMs(), c.frames(), c.gaps(),
                    c.updatesConflated(), c.updatesDropped(), c.duplicates(), c.resumes(), c.resumesRefused(),
                    result.reference().committed(), result.reference().lost(),
                    result.reference().duplicates(), exits(result.unexpectedExits()), result.met() ? "yes"
                            : "**no**: " + String.join("; ", result.misses())));
        }
        md.append("\nEach scenario: ").append("\n\n");
        for (ScenarioResult result : scenarios) {
            md.append("- `").append(result.name()).append("`: ").append(result.description()).append(". Goal: ")
                    .append(result.goal()).append(".\n");
        }
        if (failover != null) {
            md.append("\n").append(failover.markdown());
        }
        return md.toString();
    }

    private static String exits(Map<String, Long> exits) {
        if (exits.isEmpty()) {
            return "–";
        }
        StringBuilder text = new StringBuilder();
        exits.forEach((service, times) -> text.append(text.length() == 0 ? "" : "; ").append(service).append(": ")
                .append(times));
        return text.toString();
    }

    private static String flowing(Map<String, Double> flowing) {
        if (flowing.isEmpty()) {
            return "–";
        }
        StringBuilder text = new StringBuilder();
        flowing.forEach((event, seconds) -> text.append(text.length() == 0 ? "" : "; ").append(event).append(": ")
                .append(seconds < 0 ? "never" : String.format(Locale.ROOT, "%.1f", seconds)));
        return text.toString();
    }
}
