package io.atlas.perf.bench;

import io.atlas.catalog.Topics;

import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.TopicPartition;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One backlog, every drain: ingest's simulator writes a backlog of ticks flat out to {@code atlas.ticks} (its 500
 * instruments, as under {@code ./atlas up}), then the bare copy loop, the bare Kafka Streams passthrough and
 * inference-stream each work through that same backlog from its start, each in a JVM of its own with a consumer group
 * of its own, at each guarantee and stream thread count, measured in steady state ({@link SteadyDrain}). The
 * passthrough runs with the scorer's own Streams settings, so the scorer over the passthrough is what the scorer's
 * work (decoding, features, scoring, its outputs and state) costs beyond Kafka Streams itself.
 */
final class BacklogDrains {

    private static final String OUTPUT_PREFIX = "bench.drain-out.";
    private static final Duration BACKLOG_TIMEOUT = Duration.ofMinutes(10);

    private final BenchContext bench;
    private final PipelineServices services;
    private final SteadyDrain.Timing timing;

    BacklogDrains(BenchContext bench, PipelineServices services, SteadyDrain.Timing timing) {
        this.bench = bench;
        this.services = services;
        this.timing = timing;
    }

    /** Writes {@code backlog} ticks, then drains them with every stage; the copy loop first, then by guarantee. */
    List<DrainResult> run(long backlog, List<String> guarantees, List<Integer> threads) throws Exception {
        createOutputs(guarantees, threads);
        Map<TopicPartition, Long> start = services.ticksEnd();
        bench.say("drains: the simulator writes " + backlog + " ticks to " + Topics.TICKS.name() + " flat out");
        try (BenchContext.Child simulator = services.simulator("backlog", 0, backlog)) {
            int exit = simulator.jvm().awaitExit(BACKLOG_TIMEOUT);
            if (exit != 0) {
                throw new IllegalStateException("the simulator exited with " + exit + "; see "
                        + simulator.jvm().logFile());
            }
        }
        List<DrainResult> drains = new ArrayList<>();
        drains.add(copyLoop(start, backlog));
        for (String guarantee : guarantees) {
            for (int count : threads) {
                drains.add(passthrough(start, backlog, guarantee, count));
                drains.add(scorer(start, backlog, guarantee, count));
            }
        }
        return drains;
    }

    private DrainResult copyLoop(Map<TopicPartition, Long> start, long backlog) throws Exception {
        String group = "bench-drain-copy-loop";
        services.startGroupAt(group, start);
        bench.say("drain: copy loop (own JVM) through the backlog");
        try (BenchContext.Child loop = bench.start("copy-loop-drain", List.of("-Xmx256m", "-XX:+UseG1GC"),
                System.getProperty("java.class.path"), CopyLoop.class.getName(),
                List.of(bench.kafka().bootstrapServers(), Topics.TICKS.name(), OUTPUT_PREFIX + BenchReport.COPY_LOOP,
                        group), Map.of())) {
            return SteadyDrain.measure(BenchReport.COPY_LOOP, BenchReport.NO_GUARANTEE, 1, backlog,
                    SteadyDrain.committed(bench.admin(), group, start), loop, timing, bench);
        }
    }

    private DrainResult passthrough(Map<TopicPartition, Long> start, long backlog, String guarantee, int threads)
            throws Exception {
        String name = "streams-passthrough-drain-" + guarantee + "-" + threads;
        String group = "bench-drain-streams-" + guarantee + "-" + threads;
        services.startGroupAt(group, start);
        bench.say("drain: Streams passthrough at " + guarantee + ", " + threads + " thread(s), through the backlog");
        try (BenchContext.Child streams = StreamsPassthrough.start(bench, name, Topics.TICKS.name(),
                output(guarantee, threads), group, guarantee, threads)) {
            return SteadyDrain.measure(BenchReport.STREAMS_PASSTHROUGH, guarantee, threads, backlog,
                    SteadyDrain.committed(bench.admin(), group, start), streams, timing, bench);
        }
    }

    private DrainResult scorer(Map<TopicPartition, Long> start, long backlog, String guarantee, int threads)
            throws Exception {
        String applicationId = PipelineServices.SCORER_GROUP + "-drain-" + guarantee + "-" + threads;
        services.startGroupAt(applicationId, start);
        bench.say("drain: inference-stream at " + guarantee + ", " + threads + " thread(s), through the backlog");
        try (BenchContext.Child scorer = services.scorer("drain-" + guarantee + "-" + threads, guarantee,
                applicationId, threads, 0)) {
            return SteadyDrain.measure(BenchReport.INFERENCE_STREAM, guarantee, threads, backlog,
                    SteadyDrain.committed(bench.admin(), applicationId, start), scorer, timing, bench);
        }
    }

    private void createOutputs(List<String> guarantees, List<Integer> threads) throws Exception {
        List<NewTopic> topics = new ArrayList<>();
        topics.add(new NewTopic(OUTPUT_PREFIX + BenchReport.COPY_LOOP, Topics.TICKS.partitions(), (short) 1));
        for (String guarantee : guarantees) {
            for (int count : threads) {
                topics.add(new NewTopic(output(guarantee, count), Topics.TICKS.partitions(), (short) 1));
            }
        }
        bench.admin().createTopics(topics).all().get();
    }

    private static String output(String guarantee, int threads) {
        return OUTPUT_PREFIX + BenchReport.STREAMS_PASSTHROUGH + "." + guarantee + "." + threads;
    }
}
