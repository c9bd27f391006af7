package io.atlas.perf.report;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ChartsTest {

    @TempDir
    Path folder;

    static void copyFixture(Path folder) throws IOException {
        try (InputStream fixture = ChartsTest.class.getResourceAsStream("results.json")) {
            Files.copy(fixture, folder.resolve(RunResults.JSON_FILE));
        }
    }

    @Test
    void shouldDrawThreeChartsFromAResultsFile() throws IOException {
        copyFixture(folder);

        List<Path> charts = Charts.write(folder);

        assertThat(charts).extracting(p -> p.getFileName().toString())
                .containsExactly(Charts.THROUGHPUT_FILE, Charts.LATENCY_FILE, Charts.DISTRIBUTION_FILE);
        for (Path chart : charts) {
            BufferedImage image = ImageIO.read(chart.toFile());
            assertThat(image).as(chart.toString()).isNotNull();
            assertThat(image.getWidth()).isEqualTo(Charts.WIDTH);
            assertThat(image.getHeight()).isEqualTo(Charts.HEIGHT);
            // A chart with series drawn is well past an empty frame's few kilobytes.
            assertThat(Files.size(chart)).as(chart.toString()).isBetween(15_000L, 1_000_000L);
        }
    }

    @Test
    void shouldPlotEveryStageAndGuaranteeWithTheIdealLine() throws IOException {
        copyFixture(folder);
        RunResults run = RunResults.read(folder);

        var throughput = Charts.throughput(run).getXYPlot();
        var latency = Charts.latency(run).getXYPlot();
        var distribution = Charts.distribution(run).getXYPlot();

        // copy-loop, passthrough and pipeline under each guarantee, plus achieved = offered.
        assertThat(throughput.getDataset().getSeriesCount()).isEqualTo(6);
        assertThat(throughput.getRangeMarkers(org.jfree.chart.ui.Layer.FOREGROUND)).hasSize(2);
        // p50, p99, p99.9 for those five, and for the pipeline's two to the WebSocket client.
        assertThat(latency.getDataset().getSeriesCount()).isEqualTo(21);
        // At 10,000/s (the highest sustained rate too): 5 series plus 2 to the WebSocket client.
        assertThat(distribution.getDataset().getSeriesCount()).isEqualTo(7);
    }

    @Test
    void shouldReadPercentilesAsFractionsOfOne() throws IOException {
        copyFixture(folder);

        RunResults run = RunResults.read(folder);

        List<RunResults.Point> points = run.phases().get(1).latency().distribution();
        assertThat(points.get(points.size() - 1).fraction()).isEqualTo(1.0);
        assertThat(points).extracting(RunResults.Point::fraction).contains(0.5, 0.75);
    }
}
