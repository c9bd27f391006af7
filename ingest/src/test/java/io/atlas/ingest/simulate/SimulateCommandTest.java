package io.atlas.ingest.simulate;

import io.atlas.catalog.Topic;
import io.atlas.events.MarketTick;
import io.atlas.ingest.IngestCli;
import io.atlas.ingest.publish.PublishedTicks;
import io.atlas.local.junit.WithKafka;
import io.atlas.local.kafka.KafkaCluster;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

@WithKafka
class SimulateCommandTest {

    private static int run(KafkaCluster kafka, Topic<String, MarketTick> topic, StringWriter out, String... args) {
        Map<String, String> env = Map.of("ATLAS_KAFKA_BOOTSTRAP", kafka.bootstrapServers(), "ATLAS_HTTP_PORT", "0");
        CommandLine command = new CommandLine(new SimulateCommand(env, topic));
        command.setOut(new PrintWriter(out, true));
        return command.execute(args);
    }

    @Test
    void shouldPublishEverySymbolOrderedWithGapFreeSequences(KafkaCluster kafka) throws Exception {
        Topic<String, MarketTick> topic = PublishedTicks.createTopic(kafka, "sim", 12);
        StringWriter out = new StringWriter();

        int exit = run(kafka, topic, out, "--symbols", "50", "--count", "20000", "--rate", "0", "--seed", "4");

        assertThat(exit).isZero();
        assertThat(out.toString()).contains("Published 20000 ticks (20000 acknowledged)");
        List<ConsumerRecord<String, MarketTick>> records = PublishedTicks.readAll(kafka, topic, 20_000);
        assertThat(records).hasSize(20_000);
        Map<String, Long> perSymbol = PublishedTicks.assertOrderedAndGapFree(records);
        assertThat(perSymbol).hasSize(50);
    }

    @Test
    void shouldPublishExactlyWhatTheModelGeneratesForTheSeed(KafkaCluster kafka) throws Exception {
        Topic<String, MarketTick> topic = PublishedTicks.createTopic(kafka, "sim-seed", 1);

        int exit = run(kafka, topic, new StringWriter(), "--symbols", "30", "--count", "3000", "--rate", "20000",
                "--seed", "99", "--signal-strength", "3", "--move-probability", "0.4");

        assertThat(exit).isZero();
        MarketModel model = new MarketModel(SimulatedInstruments.first(30), new MarketModel.Parameters(99, 3, 0.4));
        List<ConsumerRecord<String, MarketTick>> records = PublishedTicks.readAll(kafka, topic, 3000);
        records.sort(Comparator.comparingLong(ConsumerRecord::offset));
        assertThat(records).hasSize(3000);
        for (ConsumerRecord<String, MarketTick> record : records) {
            MarketTick expected = model.next(0);
            MarketTick actual = record.value();
            expected.setSequence(actual.getSequence());
            expected.setExchangeTimeMicros(actual.getExchangeTimeMicros());
            expected.setIngestTimeMicros(actual.getIngestTimeMicros());
            assertThat(actual).isEqualTo(expected);
        }
    }

    @Test
    void shouldRefuseAnInvalidMoveProbability(KafkaCluster kafka) throws Exception {
        StringWriter err = new StringWriter();
        CommandLine command = new CommandLine(new SimulateCommand(
                Map.of("ATLAS_KAFKA_BOOTSTRAP", kafka.bootstrapServers()), null));
        command.setErr(new PrintWriter(err, true));
        assertThat(command.execute("--move-probability", "1.5")).isEqualTo(2);
        assertThat(err.toString()).contains("moveProbability");
    }

    @Test
    void shouldListSimulateAsAnIngestCommand() {
        assertThat(new CommandLine(new IngestCli()).getSubcommands()).containsKey("simulate");
    }
}
