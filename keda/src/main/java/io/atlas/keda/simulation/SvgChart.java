package io.atlas.keda.simulation;

import java.util.List;
import java.util.Locale;

/** Draws lag and replicas of burst runs over time as a small self-contained SVG. */
final class SvgChart {

    private static final int WIDTH = 900;
    private static final int HEIGHT = 420;
    private static final int LEFT = 70;
    private static final int RIGHT = 60;
    private static final int TOP = 40;
    private static final int BOTTOM = 50;

    private SvgChart() {
    }

    /** Lag (left axis) and replicas (right axis) from second {@code from} to {@code to} of the runs. */
    static String render(ScalingModel.Run rendered, ScalingModel.Run better, int from, int to) {
        List<ScalingModel.Run> runs = better == null ? List.of(rendered) : List.of(rendered, better);
        double maxLag = runs.stream().mapToDouble(ScalingModel.Run::maxLag).max().orElse(1);
        int maxReplicas = rendered.settings().maxReplicas();
        StringBuilder svg = new StringBuilder();
        svg.append(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" "
                + "font-family=\"sans-serif\" font-size=\"12\">%n<rect width=\"100%%\" height=\"100%%\" "
                + "fill=\"white\"/>%n", WIDTH, HEIGHT));
        svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"22\" font-size=\"15\">10x burst at t=%d s: lag "
                + "(solid, left) and replicas (dashed, right)</text>%n", LEFT, rendered.profile().burstStart()));
        int plotW = WIDTH - LEFT - RIGHT;
        int plotH = HEIGHT - TOP - BOTTOM;
        svg.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"none\" "
                + "stroke=\"#999\"/>%n", LEFT, TOP, plotW, plotH));
        for (int i = 0; i <= 4; i++) {
            double y = TOP + plotH - plotH * i / 4.0;
            svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\">%.0f</text>%n",
                    LEFT - 5, y + 4, maxLag * i / 4));
            svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%.1f\">%.0f</text>%n", LEFT + plotW + 5, y + 4,
                    maxReplicas * i / 4.0));
        }
        for (int t = from; t <= to; t += 120) {
            double x = LEFT + plotW * (t - from) / (double) (to - from);
            svg.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">%d s</text>%n",
                    x, TOP + plotH + 18, t));
        }
        String[] colours = {"#c0392b", "#2471a3"};
        for (int r = 0; r < runs.size(); r++) {
            ScalingModel.Run run = runs.get(r);
            StringBuilder lag = new StringBuilder();
            StringBuilder replicas = new StringBuilder();
            for (ScalingModel.Step step : run.steps().subList(from, Math.min(to + 1, run.steps().size()))) {
                double x = LEFT + plotW * (step.second() - from) / (double) (to - from);
                lag.append(String.format(Locale.ROOT, "%.1f,%.1f ", x, TOP + plotH - plotH * step.lag() / maxLag));
                replicas.append(String.format(Locale.ROOT, "%.1f,%.1f ", x,
                        TOP + plotH - plotH * step.replicas() / (double) maxReplicas));
            }
            svg.append(String.format(Locale.ROOT, "<polyline fill=\"none\" stroke=\"%s\" stroke-width=\"2\" "
                    + "points=\"%s\"/>%n", colours[r], lag.toString().trim()));
            svg.append(String.format(Locale.ROOT, "<polyline fill=\"none\" stroke=\"%s\" stroke-width=\"2\" "
                    + "stroke-dasharray=\"6,4\" points=\"%s\"/>%n", colours[r], replicas.toString().trim()));
            svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" fill=\"%s\">%s: min %d, up %d%%/%d pods "
                    + "per %d s, drained in %s</text>%n", LEFT + plotW / 3, TOP + plotH - 30 + 16 * r, colours[r],
                    r == 0 ? "rendered" : "cheapest meeting 60 s", run.settings().minReplicas(),
                    run.settings().upPercent(), run.settings().upPods(), run.settings().periodSeconds(),
                    run.secondsToDrain() < 0 ? "never" : run.secondsToDrain() + " s"));
        }
        svg.append("</svg>\n");
        return svg.toString();
    }
}
