package io.atlas.keda.simulation;

import io.atlas.catalog.Application;
import io.atlas.catalog.Applications;
import io.atlas.keda.Replicas;
import io.atlas.keda.ScalerResources;
import io.atlas.keda.Throughput;
import io.atlas.strimzi.StorageSizing;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Simulates the rendered lag scaler of the bridge (or inference-stream) under a steady load, a 10× burst and a daily
 * curve; prints lag, replicas and time to drain; searches the cheapest settings that drain a 10× burst within 60 s;
 * and writes a Markdown report and an SVG chart.
 */
@Command(name = "simulate-scaling", mixinStandardHelpOptions = true,
        description = "Simulates KEDA's Kafka lag scaler and the HPA for a lag-scaled Atlas application.")
public final class SimulateScaling implements Callable<Integer> {

    /** PLACEHOLDER until measured: seconds from a scale-up decision to a new replica consuming. */
    public static final int STARTUP_SECONDS = 20;

    /** The burst goal of the deployment issue. */
    public static final int DRAIN_GOAL_SECONDS = 60;

    @Spec
    private CommandSpec spec;

    @Option(names = "--application", description = "ingest-bridge or inference-stream (default: ${DEFAULT-VALUE})")
    private String application = Applications.INGEST_BRIDGE.name();

    @Option(names = "--steady", description = "Steady ticks/s (default: a quarter of the sizing target)")
    private double steady = StorageSizing.TARGET_TICKS_PER_SECOND / 4.0;

    @Option(names = "--out", description = "Folder for the report and chart (default: ${DEFAULT-VALUE})")
    private Path out = Path.of("keda", "docs");

    public static void main(String[] args) {
        System.exit(new CommandLine(new SimulateScaling()).execute(args));
    }

    /** The settings {@code 40-scaling.yaml} renders for {@code app}. */
    public static ScalerSettings rendered(Application app) {
        Replicas replicas = Replicas.of(app);
        return new ScalerSettings(replicas.min(), replicas.max(), replicas.spotAboveMinimum(),
                Throughput.lagThreshold(app),
                ScalerResources.UP_PERCENT, ScalerResources.UP_PODS, ScalerResources.DOWN_PERCENT,
                ScalerResources.DOWN_PODS, ScalerResources.PERIOD_SECONDS, ScalerResources.DOWN_STABILIZATION_SECONDS,
                ScalerResources.POLLING_SECONDS, STARTUP_SECONDS);
    }

    public static LoadProfile tenTimesBurst(double steady) {
        return LoadProfile.burst(steady, 10, 300, 30, 1800);
    }

    /** The cheapest settings (lowest average replicas under steady load) that drain a 10× burst within 60 s. */
    public static ScalingModel.Run cheapestMeetingGoal(ScalerSettings base, double steady, double perReplica) {
        ScalingModel.Run best = null;
        for (int min = base.minReplicas(); min <= base.maxReplicas(); min++) {
            for (int upPods : new int[] {base.upPods(), 4, 8, base.maxReplicas()}) {
                ScalerSettings candidate = base.withMinReplicas(min).withUpPods(upPods);
                ScalingModel.Run burst = ScalingModel.run(tenTimesBurst(steady), candidate, perReplica);
                int drain = burst.secondsToDrain();
                if (drain < 0 || drain > DRAIN_GOAL_SECONDS) {
                    continue;
                }
                double cost = ScalingModel.run(LoadProfile.steady(steady, 3600), candidate, perReplica)
                        .averageReplicas();
                double bestCost = best == null ? Double.MAX_VALUE : ScalingModel.run(LoadProfile.steady(steady, 3600),
                        best.settings(), perReplica).averageReplicas();
                if (cost < bestCost || (cost == bestCost && upPods < best.settings().upPods())) {
                    best = burst;
                }
            }
        }
        return best;
    }

    @Override
    public Integer call() throws IOException {
        Application app = Applications.all().stream().filter(a -> a.name().equals(application)).findFirst()
                .orElseThrow(() -> new CommandLine.ParameterException(spec.commandLine(),
                        "Not a lag-scaled application: " + application));
        double perReplica = Throughput.ticksPerSecondPerReplica(app);
        ScalerSettings settings = rendered(app);
        List<ScalingModel.Run> runs = new ArrayList<>();
        runs.add(ScalingModel.run(LoadProfile.steady(steady, 1800), settings, perReplica));
        runs.add(ScalingModel.run(tenTimesBurst(steady), settings, perReplica));
        runs.add(ScalingModel.run(LoadProfile.daily(steady / 4, steady * 2, 86_400), settings, perReplica));
        ScalingModel.Run best = cheapestMeetingGoal(settings, steady, perReplica);

        StringBuilder report = new StringBuilder();
        report.append("# Scaling simulation: ").append(app.name()).append("\n\n");
        report.append(String.format(Locale.ROOT, "Per-replica throughput %.0f ticks/s (measured on the shared "
                + "development machine, Throughput.java), steady load %.0f ticks/s, new replicas consume %d s after "
                + "the decision (PLACEHOLDER), polling %d s. The burst is 10x the steady load for 30 s from t=300 s; "
                + "the daily curve runs from a quarter to twice the steady load over 24 h.%n%n",
                perReplica, steady, STARTUP_SECONDS, settings.pollingSeconds()));
        if (settings.spotAboveMinimum()) {
            report.append("The minimum runs as a fixed on-demand Deployment; KEDA scales a spot Deployment from 0 on "
                    + "the lag beyond what the minimum drains (scalingModifiers), the HPA's policies counting spot "
                    + "replicas, and returns it to 0 after the cooldown. Replicas below are both together.\n\n");
        }
        report.append("| profile | settings | max lag | time to drain a burst | max replicas | average replicas |\n");
        report.append("|---|---|---|---|---|---|\n");
        for (ScalingModel.Run run : runs) {
            row(report, run, "rendered");
        }
        if (best != null) {
            row(report, best, "cheapest meeting the goal");
        }
        report.append('\n');
        if (best == null) {
            report.append("No setting within maxReplicaCount drains a 10x burst within ").append(DRAIN_GOAL_SECONDS)
                    .append(" s: more partitions or faster replicas are needed.\n");
        } else {
            report.append(String.format(Locale.ROOT, "The rendered settings drain a 10x burst in %s. "
                    + "Draining it within %d s needs minReplicaCount %d with scale-up of up to %d pods per %d s: "
                    + "%.1f replicas on average under steady load instead of %.1f.%n",
                    drainText(runs.get(1)), DRAIN_GOAL_SECONDS, best.settings().minReplicas(),
                    best.settings().upPods(), best.settings().periodSeconds(),
                    ScalingModel.run(LoadProfile.steady(steady, 3600), best.settings(), perReplica).averageReplicas(),
                    runs.get(0).averageReplicas()));
        }
        Files.createDirectories(out);
        Files.writeString(out.resolve("scaling-simulation-" + app.name() + ".md"), report.toString());
        Files.writeString(out.resolve("scaling-simulation-" + app.name() + ".svg"),
                SvgChart.render(runs.get(1), best, 240, 1560));
        PrintWriter printer = spec.commandLine().getOut();
        printer.print(report);
        printer.flush();
        return 0;
    }

    private static void row(StringBuilder report, ScalingModel.Run run, String label) {
        report.append(String.format(Locale.ROOT, "| %s | %s (min %d, up %d%%/%d pods) | %.0f | %s | %d | %.1f |%n",
                run.profile().name(), label, run.settings().minReplicas(), run.settings().upPercent(),
                run.settings().upPods(), run.maxLag(), run.profile().burstStart() < 0 ? "n/a" : drainText(run),
                run.maxReplicas(), run.averageReplicas()));
    }

    private static String drainText(ScalingModel.Run run) {
        int drain = run.secondsToDrain();
        return drain < 0 ? "never" : drain + " s";
    }
}
