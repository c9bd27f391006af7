package io.atlas.inference.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.atlas.events.MarketTick;
import io.atlas.events.ModelRelease;
import io.atlas.inference.InferenceCli;
import io.atlas.inference.fixtures.SyntheticTicks;
import io.atlas.inference.model.ModelCodec;
import io.atlas.schemas.json.EdgeJson;
import io.atlas.schemas.serde.ContractSerdes;

import org.tribuo.Model;

import picocli.CommandLine;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrainCommandTest {

    @TempDir
    Path dir;

    private static String run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = new CommandLine(new InferenceCli());
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        int code = cli.execute(args);
        assertThat(code).as("exit code; stderr: %s", err).isZero();
        return out.toString();
    }

    private static double figure(String report, String row, int column) {
        Matcher line = Pattern.compile("(?m)^" + Pattern.quote(row) + "\\s+(.*)$").matcher(report);
        assertThat(line.find()).as("row %s in %s", row, report).isTrue();
        String[] cells = line.group(1).trim().split("\\s+");
        return Double.parseDouble(cells[column]);
    }

    @Test
    void shouldTrainFromJsonLinesAndReachTheBestAchievableAucOn200kSimulatedTicks() throws IOException {
        Path file = dir.resolve("ticks.jsonl");
        EdgeJson json = new EdgeJson();
        SyntheticTicks ticks = new SyntheticTicks(2026, List.of("AAPL", "MSFT", "NVDA", "AMZN", "GOOG"), 2.0, 0.5);
        try (BufferedWriter writer = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            for (int i = 0; i < 200_000; i++) {
                writer.write(new String(json.write(ticks.next()), StandardCharsets.UTF_8));
                writer.newLine();
            }
        }
        Path model = dir.resolve("model.tribuo");

        String report = run("train", "--input", file.toString(), "--signal-strength", "2", "--output",
                model.toString());

        double auc = figure(report, "model", 1);
        double best = figure(report, "best achievable (signal)", 0);
        assertThat(best).isBetween(0.70, 0.80);
        assertThat(auc).isGreaterThan(best - 0.01).isLessThan(best + 0.01);
        assertThat(figure(report, "model", 2)).isLessThan(figure(report, "naive baseline (train prior)", 2));
        Model<?> saved = Model.deserializeFromFile(model);
        assertThat(saved.validate(org.tribuo.classification.Label.class)).isTrue();
        assertThat(Files.readString(dir.resolve("model.tribuo.provenance.txt")))
                .contains("features=ewma_volatility_ticks,imbalance").contains("sha256=");
        assertThat(report).contains("sha-256 " + ModelCodec.sha256(ModelCodec.toBytes(saved.castModel(
                org.tribuo.classification.Label.class))));
        ModelRelease release = ContractSerdes.modelRelease().decode("file", -1, -1,
                Files.readAllBytes(dir.resolve("model.tribuo.release")));
        assertThat(release.getModelId()).isEqualTo("tick-direction");
        assertThat(release.getDigest()).isEqualTo(ModelCodec.sha256(ModelCodec.toBytes(saved.castModel(
                org.tribuo.classification.Label.class))));
        assertThat(release.getMetrics().get("best_achievable_auc")).isCloseTo(best, within(0.0001));
    }

    @Test
    void shouldTrainFromCsv() throws IOException {
        Path file = dir.resolve("ticks.csv");
        StringBuilder csv = new StringBuilder("symbol,venue,sequence,exchangeTimeMicros,ingestTimeMicros,bid,ask,last,"
                + "bidSize,askSize,lastSize,aggressor\n");
        for (MarketTick tick : new SyntheticTicks(1, List.of("AAA", "BBB"), 2.0, 0.5).take(3_000)) {
            csv.append(String.join(",", tick.getSymbol(), tick.getVenue(), Long.toString(tick.getSequence()),
                    Long.toString(tick.getExchangeTimeMicros()), Long.toString(tick.getIngestTimeMicros()),
                    Double.toString(tick.getBid()), Double.toString(tick.getAsk()), Double.toString(tick.getLast()),
                    Double.toString(tick.getBidSize()), Double.toString(tick.getAskSize()),
                    Double.toString(tick.getLastSize()), tick.getAggressor().name())).append('\n');
        }
        Files.writeString(file, csv);

        String report = run("train", "--input", file.toString(), "--horizon", "2");

        assertThat(report).contains("Read 3000 ticks").contains("horizon 2 tick(s)").contains("naive baseline")
                .doesNotContain("best achievable");
    }

    @Test
    void shouldRefuseAMissingInput() {
        CommandLine cli = new CommandLine(new InferenceCli());
        cli.setErr(new PrintWriter(new StringWriter()));
        assertThat(cli.execute("train")).isNotZero();
    }
}
