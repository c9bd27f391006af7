package io.atlas.perf.report;

import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.NumberTickUnit;
import org.jfree.chart.axis.ValueAxis;
import org.jfree.chart.plot.ValueMarker;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.ui.RectangleAnchor;
import org.jfree.chart.ui.TextAnchor;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Paint;
import java.awt.Stroke;
import java.io.IOException;
import java.nio.file.Path;
import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Draws a bench run's charts from its {@code results.json} into the same folder: {@code throughput.png} (achieved
 * vs offered rate per stage and guarantee, against the y = x line; flat-out runs and Kafka's ProducerPerformance as
 * labelled horizontal lines),
 * {@code latency.png} (p50, p99 and p99.9 vs offered rate, log scale) and {@code distribution.png} (the latency
 * distribution of every phase at the 10,000/s step and at the highest rate the pipeline sustained, on a 1/(1-p)
 * axis). Headless.
 */
public final class Charts {

    public static final String THROUGHPUT_FILE = "throughput.png";
    public static final String LATENCY_FILE = "latency.png";
    public static final String DISTRIBUTION_FILE = "distribution.png";
    static final int WIDTH = 1000;
    static final int HEIGHT = 600;

    private static final long DISTRIBUTION_STEP = 10_000;
    private static final Paint[] PALETTE = {new Color(0x1f77b4), new Color(0xd62728), new Color(0x2ca02c),
            new Color(0xff7f0e), new Color(0x9467bd), new Color(0x8c564b), new Color(0xe377c2), new Color(0x17becf)};
    private static final Stroke SOLID = new BasicStroke(2f);
    private static final Stroke DASHED = new BasicStroke(2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f,
            new float[] {8f, 5f}, 0f);
    private static final Stroke DOTTED = new BasicStroke(2f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND, 10f,
            new float[] {2f, 4f}, 0f);

    private Charts() {
    }

    /** Writes the three charts of the run in {@code resultsFolder}; returns their paths. */
    public static List<Path> write(Path resultsFolder) throws IOException {
        System.setProperty("java.awt.headless", "true");
        RunResults run = RunResults.read(resultsFolder);
        List<Path> written = new ArrayList<>();
        written.add(save(throughput(run), resultsFolder.resolve(THROUGHPUT_FILE)));
        written.add(save(latency(run), resultsFolder.resolve(LATENCY_FILE)));
        written.add(save(distribution(run), resultsFolder.resolve(DISTRIBUTION_FILE)));
        return written;
    }

    private static Path save(JFreeChart chart, Path file) throws IOException {
        chart.setBackgroundPaint(Color.WHITE);
        ChartUtils.saveChartAsPNG(file.toFile(), chart, WIDTH, HEIGHT);
        return file;
    }

    static JFreeChart throughput(RunResults run) {
        XYSeriesCollection data = new XYSeriesCollection();
        double high = 0;
        for (String series : run.series()) {
            XYSeries points = new XYSeries(series);
            for (RunResults.Phase p : run.phases()) {
                if (p.series().equals(series) && !p.flatOut() && p.achievedPerSecond() > 0) {
                    points.add(p.offeredPerSecond(), p.achievedPerSecond());
                    high = Math.max(high, p.offeredPerSecond());
                }
            }
            if (!points.isEmpty()) {
                data.addSeries(points);
            }
        }
        if (high == 0) {
            high = 10_000;
        }
        XYSeries ideal = new XYSeries("achieved = offered");
        ideal.add(0, 0);
        ideal.add(high * 1.1, high * 1.1);
        data.addSeries(ideal);
        double top = high;
        for (RunResults.Phase p : run.phases()) {
            if (p.achievedPerSecond() > top) {
                top = p.achievedPerSecond();
            }
        }
        double producer = run.root().path("producerPerformance").path("recordsPerSecond").asDouble(0);
        top = Math.max(top, producer);
        XYPlot plot = new XYPlot(data, rateAxis("offered records/s", high * 1.1),
                rateAxis("achieved records/s", top * 1.1), lines(data.getSeriesCount() - 1));
        XYLineAndShapeRenderer renderer = (XYLineAndShapeRenderer) plot.getRenderer();
        int last = data.getSeriesCount() - 1;
        renderer.setSeriesPaint(last, Color.GRAY);
        renderer.setSeriesStroke(last, DASHED);
        renderer.setSeriesShapesVisible(last, false);
        // Flat-out runs have no offered rate: their drain rate is a ceiling across the whole axis.
        for (RunResults.Phase p : run.phases()) {
            if (p.flatOut() && p.achievedPerSecond() > 0) {
                plot.addRangeMarker(ceiling(p.series() + " flat out", p.achievedPerSecond()));
            }
        }
        if (producer > 0) {
            plot.addRangeMarker(ceiling("Kafka ProducerPerformance", producer));
        }
        return chart("Throughput vs offered load", plot);
    }

    static JFreeChart latency(RunResults run) {
        XYSeriesCollection data = new XYSeriesCollection();
        List<Stroke> strokes = new ArrayList<>();
        List<Paint> paints = new ArrayList<>();
        double high = 0;
        int colour = 0;
        for (String series : run.series()) {
            for (boolean ws : new boolean[] {false, true}) {
                String name = ws ? series + " → WS client" : series;
                XYSeries p50 = new XYSeries(name + " p50");
                XYSeries p99 = new XYSeries(name + " p99");
                XYSeries p999 = new XYSeries(name + " p99.9");
                for (RunResults.Phase p : run.phases()) {
                    RunResults.Latency l = ws ? p.wsLatency() : p.latency();
                    if (!p.series().equals(series) || p.flatOut() || l == null) {
                        continue;
                    }
                    addPositive(p50, p.offeredPerSecond(), l.p50Ms());
                    addPositive(p99, p.offeredPerSecond(), l.p99Ms());
                    addPositive(p999, p.offeredPerSecond(), l.p999Ms());
                    high = Math.max(high, p.offeredPerSecond());
                }
                if (p50.isEmpty() && p99.isEmpty() && p999.isEmpty()) {
                    continue;
                }
                Paint paint = PALETTE[colour++ % PALETTE.length];
                for (XYSeries s : List.of(p50, p99, p999)) {
                    data.addSeries(s);
                    paints.add(paint);
                }
                strokes.addAll(List.of(SOLID, DASHED, DOTTED));
            }
        }
        if (high == 0) {
            high = 10_000;
        }
        LogAxis ms = new LogAxis("latency ms (log)");
        ms.setNumberFormatOverride(new DecimalFormat("#,##0.###", DecimalFormatSymbols.getInstance(Locale.ROOT)));
        ms.setTickUnit(new NumberTickUnit(1));
        XYPlot plot = new XYPlot(data, rateAxis("offered records/s", high * 1.1), ms, lines(data.getSeriesCount()));
        XYLineAndShapeRenderer renderer = (XYLineAndShapeRenderer) plot.getRenderer();
        for (int i = 0; i < data.getSeriesCount(); i++) {
            renderer.setSeriesPaint(i, paints.get(i));
            renderer.setSeriesStroke(i, strokes.get(i));
            // One legend entry per stage and guarantee, its colour; the stroke tells the percentile.
            renderer.setSeriesVisibleInLegend(i, i % 3 == 0);
        }
        renderer.setLegendItemLabelGenerator((dataset, series) -> dataset.getSeriesKey(series).toString()
                .replaceFirst(" p50$", ""));
        return chart("Latency percentiles vs offered load (solid p50, dashed p99, dotted p99.9)", plot);
    }

    static JFreeChart distribution(RunResults run) {
        long highest = run.highestSustainedRate();
        XYSeriesCollection data = new XYSeriesCollection();
        double maxInverse = 10;
        for (RunResults.Phase p : run.phases()) {
            boolean chosen = !p.flatOut() && (p.offeredPerSecond() == DISTRIBUTION_STEP
                    || p.offeredPerSecond() == highest);
            if (!chosen) {
                continue;
            }
            String at = String.format(Locale.ROOT, " @ %,d/s", p.offeredPerSecond());
            for (boolean ws : new boolean[] {false, true}) {
                RunResults.Latency l = ws ? p.wsLatency() : p.latency();
                if (l == null || l.distribution().isEmpty()) {
                    continue;
                }
                XYSeries curve = new XYSeries(p.series() + (ws ? " → WS client" : "") + at);
                for (RunResults.Point point : l.distribution()) {
                    // p = 1 is at infinity on this axis: the maximum is in the tables instead.
                    if (point.fraction() < 1) {
                        double inverse = 1 / (1 - point.fraction());
                        curve.add(inverse, point.ms());
                        maxInverse = Math.max(maxInverse, inverse);
                    }
                }
                if (!curve.isEmpty()) {
                    data.addSeries(curve);
                }
            }
        }
        LogAxis percentile = new LogAxis("percentile");
        percentile.setNumberFormatOverride(new PercentileFormat());
        percentile.setTickUnit(new NumberTickUnit(1));
        // Half a decade past the last tick, so its label is not cut off at the edge.
        percentile.setRange(1, 3 * Math.pow(10, Math.ceil(Math.log10(maxInverse))));
        NumberAxis ms = new NumberAxis("latency ms");
        XYPlot plot = new XYPlot(data, percentile, ms, lines(data.getSeriesCount()));
        JFreeChart chart = chart("Latency distribution at " + String.format(Locale.ROOT, "%,d/s", DISTRIBUTION_STEP)
                + " and at the highest sustained rate", plot);
        plot.setNoDataMessage("no latency distribution recorded");
        return chart;
    }

    private static void addPositive(XYSeries series, double x, double y) {
        // A log axis has no place for 0 or a missing figure.
        if (y > 0) {
            series.add(x, y);
        }
    }

    private static ValueAxis rateAxis(String label, double upper) {
        NumberAxis axis = new NumberAxis(label);
        axis.setNumberFormatOverride(new DecimalFormat("#,##0", DecimalFormatSymbols.getInstance(Locale.ROOT)));
        axis.setRange(0, upper);
        return axis;
    }

    private static XYLineAndShapeRenderer lines(int series) {
        XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(true, true);
        for (int i = 0; i < series; i++) {
            renderer.setSeriesPaint(i, PALETTE[i % PALETTE.length]);
            renderer.setSeriesStroke(i, SOLID);
        }
        return renderer;
    }

    private static ValueMarker ceiling(String label, double perSecond) {
        ValueMarker marker = new ValueMarker(perSecond, Color.DARK_GRAY, DOTTED);
        marker.setLabel(String.format(Locale.ROOT, "%s: %,.0f/s", label, perSecond));
        marker.setLabelAnchor(RectangleAnchor.TOP_LEFT);
        marker.setLabelTextAnchor(TextAnchor.BOTTOM_LEFT);
        return marker;
    }

    private static JFreeChart chart(String title, XYPlot plot) {
        plot.setBackgroundPaint(Color.WHITE);
        plot.setDomainGridlinePaint(Color.LIGHT_GRAY);
        plot.setRangeGridlinePaint(Color.LIGHT_GRAY);
        return new JFreeChart(title, JFreeChart.DEFAULT_TITLE_FONT, plot, true);
    }
}
