package io.atlas.perf.bench;

import io.atlas.local.process.ChildJvm;

import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.KafkaConsumer;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The bare-Kafka baselines, each on topics of its own: Kafka's ProducerPerformance and ConsumerPerformance, and the
 * copy loop and a Kafka Streams passthrough at offered rates, each stage in a JVM of its own fed by a
 * {@link TickSource} in the bench JVM. Their flat-out drains are {@link BacklogDrains}'.
 */
final class BaselineRuns {

    static final int PARTITIONS = 12;
    private static final String PRODUCER_TOPIC = "bench.producer-performance";
    private static final Duration TOOL_TIMEOUT = Duration.ofMinutes(5);

    private final BenchContext bench;

    BaselineRuns(BenchContext bench) {
        this.bench = bench;
    }

    /** Creates every topic the baselines use. */
    void createTopics(List<Integer> copyRates, List<String> guarantees, int streamsRate) throws Exception {
        List<NewTopic> topics = new ArrayList<>(List.of(topic(PRODUCER_TOPIC)));
        for (int rate : copyRates) {
            topics.add(topic(in("copy", rate)));
            topics.add(topic(out("copy", rate)));
        }
        for (String guarantee : guarantees) {
            topics.add(topic(in(guarantee, streamsRate)));
            topics.add(topic(out(guarantee, streamsRate)));
        }
        bench.admin().createTopics(topics).all().get();
    }

    ProducerBaseline producerPerformance(long records) throws Exception {
        List<String> args = new ArrayList<>(List.of("--topic", PRODUCER_TOPIC, "--num-records", Long.toString(records),
                "--record-size", Integer.toString(TickSource.RECORD_SIZE), "--throughput", "-1", "--producer-props",
                "bootstrap.servers=" + bench.kafka().bootstrapServers()));
        ProducerSettings.settings().forEach((k, v) -> args.add(k + "=" + v));
        return ProducerBaseline.parse(tool("producer-performance", "org.apache.kafka.tools.ProducerPerformance", args));
    }

    ConsumerBaseline consumerPerformance(long records) throws Exception {
        List<String> args = List.of("--bootstrap-server", bench.kafka().bootstrapServers(), "--topic", PRODUCER_TOPIC,
                "--num-records", Long.toString(records), "--group", "bench-consumer-performance",
                "--timeout", "60000");
        return ConsumerBaseline.parse(tool("consumer-performance", "org.apache.kafka.tools.ConsumerPerformance", args));
    }

    private String tool(String name, String mainClass, List<String> args) throws Exception {
        Path logFile = bench.logs().resolve(name + ".log");
        try (ChildJvm tool = ChildJvm.start(name, List.of("-Xmx512m"), System.getProperty("java.class.path"),
                mainClass, args, Map.of(), logFile)) {
            int exit = tool.awaitExit(TOOL_TIMEOUT);
            if (exit != 0) {
                throw new IllegalStateException(name + " exited with " + exit + "; see " + logFile);
            }
        }
        return Files.readString(logFile);
    }

    /** The copy loop at an offered rate: source time → copy visible to a reader. */
    List<PhaseResult> copyLoopAt(int rate) throws Exception {
        Step step = new Step(BenchReport.COPY_LOOP, BenchReport.NO_GUARANTEE, rate, "bench-copy-" + rate,
                in("copy", rate), PARTITIONS);
        return bench.withRerun(() -> {
            try (BenchContext.Child loop = copyLoop("copy-loop-" + rate, in("copy", rate), out("copy", rate),
                    step.group())) {
                return measure(step, loop, out("copy", rate), false);
            }
        });
    }

    /** The Streams passthrough at an offered rate and guarantee: source time → copy visible (read_committed). */
    List<PhaseResult> streamsAt(String guarantee, int rate) throws Exception {
        Step step = new Step(BenchReport.STREAMS_PASSTHROUGH, guarantee, rate,
                "bench-streams-" + guarantee + "-" + rate, in(guarantee, rate), PARTITIONS);
        return bench.withRerun(() -> {
            try (BenchContext.Child streams = StreamsPassthrough.start(bench, "streams-passthrough-" + guarantee + "-"
                    + rate, in(guarantee, rate), out(guarantee, rate), step.group(), guarantee, 1)) {
                return measure(step, streams, out(guarantee, rate), true);
            } finally {
                bench.emptyGroup(step.group());
            }
        });
    }

    private PhaseResult measure(Step step, BenchContext.Child stage, String output, boolean readCommitted)
            throws Exception {
        try (KafkaConsumer<byte[], byte[]> reader = Measurement.openAtEnd(bench.client(), bench.admin(), output,
                readCommitted);
             TickSource source = new TickSource(bench.client(), step.input(), step.offered())) {
            return step.measure(reader, r -> TickSource.sentMicros(r.value()), bench.admin(), bench.watched(stage),
                    null, () -> stage.ensureAlive("measuring"), bench.timing(), bench.out());
        }
    }

    private BenchContext.Child copyLoop(String name, String from, String to, String group) throws Exception {
        return bench.start(name, List.of("-Xmx256m", "-XX:+UseG1GC"), System.getProperty("java.class.path"),
                CopyLoop.class.getName(), List.of(bench.kafka().bootstrapServers(), from, to, group), Map.of());
    }

    private static NewTopic topic(String name) {
        return new NewTopic(name, PARTITIONS, (short) 1);
    }

    private static String in(String stage, int rate) {
        return "bench." + stage + "-in." + rate;
    }

    private static String out(String stage, int rate) {
        return "bench." + stage + "-out." + rate;
    }
}
