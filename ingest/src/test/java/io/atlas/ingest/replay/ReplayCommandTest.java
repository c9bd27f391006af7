package io.atlas.ingest.replay;

import io.atlas.catalog.Topic;
import io.atlas.events.MarketTick;
import io.atlas.ingest.publish.PublishedTicks;
import io.atlas.ingest.simulate.MarketModel;
import io.atlas.ingest.simulate.SimulatedInstruments;
import io.atlas.local.junit.WithKafka;
import io.atlas.local.kafka.KafkaCluster;
import io.atlas.schemas.json.EdgeJson;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import picocli.CommandLine;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;

import static org.assertj.core.api.Assertions.assertThat;

@WithKafka
class ReplayCommandTest {

    @TempDir
    Path dir;

    private static List<MarketTick> ticks(int count) {
        MarketModel model = new MarketModel(SimulatedInstruments.first(25), new MarketModel.Parameters(21, 2, 0.5));
        List<MarketTick> ticks = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            ticks.add(model.next(1_767_623_400_000_000L + i * 137L));
        }
        return ticks;
    }

    private static int replay(KafkaCluster kafka, Topic<String, MarketTick> topic, StringWriter out, StringWriter err,
                              String... args) {
        CommandLine command = new CommandLine(new ReplayCommand(
                Map.of("ATLAS_KAFKA_BOOTSTRAP", kafka.bootstrapServers(), "ATLAS_HTTP_PORT", "0"), topic));
        command.setOut(new PrintWriter(out, true));
        command.setErr(new PrintWriter(err, true));
        return command.execute(args);
    }

    /** Everything on the one-partition topic, in offset order, compared field by field with the file's ticks. */
    private static void assertReproduced(KafkaCluster kafka, Topic<String, MarketTick> topic, List<MarketTick> file) {
        List<ConsumerRecord<String, MarketTick>> records = PublishedTicks.readAll(kafka, topic, file.size());
        records.sort(Comparator.comparingLong(ConsumerRecord::offset));
        assertThat(records).hasSize(file.size());
        PublishedTicks.assertOrderedAndGapFree(records);
        for (int i = 0; i < file.size(); i++) {
            MarketTick expected = MarketTick.newBuilder(file.get(i)).build();
            MarketTick actual = records.get(i).value();
            expected.setSequence(actual.getSequence());
            expected.setIngestTimeMicros(actual.getIngestTimeMicros());
            assertThat(actual).as("record %d", i).isEqualTo(expected);
            assertThat(records.get(i).key()).isEqualTo(expected.getSymbol().toString());
        }
    }

    @Test
    void shouldReproduceAGzippedCsvFileExactly(KafkaCluster kafka) throws Exception {
        List<MarketTick> ticks = ticks(3000);
        Path file = dir.resolve("ticks.csv.gz");
        try (Writer out = new BufferedWriter(new OutputStreamWriter(new GZIPOutputStream(Files.newOutputStream(file)),
                StandardCharsets.UTF_8))) {
            out.write("symbol,venue,exchange_time_micros,bid,ask,last,bid_size,ask_size,last_size,aggressor\n");
            for (MarketTick t : ticks) {
                out.write(t.getSymbol() + "," + t.getVenue() + "," + t.getExchangeTimeMicros() + "," + t.getBid() + ","
                        + t.getAsk() + "," + t.getLast() + "," + t.getBidSize() + "," + t.getAskSize() + ","
                        + t.getLastSize() + "," + t.getAggressor() + "\n");
            }
        }
        Topic<String, MarketTick> topic = PublishedTicks.createTopic(kafka, "replay-csv", 1);
        StringWriter out = new StringWriter();

        // Speed 100: the file spans 0.4 s of exchange time, replayed in about 4 ms of paced sending.
        int exit = replay(kafka, topic, out, new StringWriter(), file.toString(), "--speed", "100");

        assertThat(exit).isZero();
        assertThat(out.toString()).contains("Replayed 3000 ticks", "3000 acknowledged", "0 malformed lines skipped");
        assertReproduced(kafka, topic, ticks);
    }

    @Test
    void shouldReproduceAJsonLinesFileExactly(KafkaCluster kafka) throws Exception {
        List<MarketTick> ticks = ticks(2000);
        EdgeJson json = new EdgeJson();
        Path file = dir.resolve("ticks.jsonl");
        try (Writer out = Files.newBufferedWriter(file)) {
            for (MarketTick t : ticks) {
                out.write(new String(json.write(t), StandardCharsets.UTF_8) + "\n");
            }
        }
        Topic<String, MarketTick> topic = PublishedTicks.createTopic(kafka, "replay-json", 1);

        int exit = replay(kafka, topic, new StringWriter(), new StringWriter(), file.toString(), "--speed", "0");

        assertThat(exit).isZero();
        assertReproduced(kafka, topic, ticks);
    }

    @Test
    void shouldStopAtTheFirstMalformedLineNamingIt(KafkaCluster kafka) throws Exception {
        Path file = csvWithTwoBadLines();
        Topic<String, MarketTick> topic = PublishedTicks.createTopic(kafka, "replay-bad", 1);
        StringWriter err = new StringWriter();

        int exit = replay(kafka, topic, new StringWriter(), err, file.toString(), "--speed", "0");

        assertThat(exit).isEqualTo(1);
        assertThat(err.toString()).contains("line 3: ask is not a finite number: 'NaN'",
                "stopped after publishing 1 ticks");
        assertThat(PublishedTicks.readAll(kafka, topic, 1)).hasSize(1);
    }

    @Test
    void shouldSkipAndCountMalformedLinesWhenAsked(KafkaCluster kafka) throws Exception {
        Path file = csvWithTwoBadLines();
        Topic<String, MarketTick> topic = PublishedTicks.createTopic(kafka, "replay-skip", 1);
        StringWriter out = new StringWriter();

        int exit = replay(kafka, topic, out, new StringWriter(), file.toString(), "--speed", "0", "--skip-bad");

        assertThat(exit).isZero();
        assertThat(out.toString()).contains("Replayed 3 ticks", "2 malformed lines skipped");
        assertThat(PublishedTicks.readAll(kafka, topic, 3)).extracting(r -> r.value().getBid())
                .containsExactly(1.0, 3.0, 5.0);
    }

    private Path csvWithTwoBadLines() throws IOException {
        Path file = dir.resolve("bad.csv");
        Files.writeString(file, """
                symbol,venue,exchange_time_micros,bid,ask,last,bid_size,ask_size,last_size
                S1,XNAS,1000,1,2,1,10,10,1
                S1,XNAS,1001,2,NaN,1,10,10,1
                S1,XNAS,1002,3,4,3,10,10,1
                S1,XNAS,1003,4,5,4,10,10
                S1,XNAS,1004,5,6,5,10,10,1
                """);
        return file;
    }
}
