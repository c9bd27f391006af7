package io.atlas.perf.trace;

import io.atlas.catalog.Topics;
import io.atlas.inference.stream.InferenceApp;
import io.atlas.inference.stream.InferenceConfig;
import io.atlas.ingest.publish.PublisherOptions;
import io.atlas.ingest.publish.TickPublisher;
import io.atlas.ingest.simulate.MarketModel;
import io.atlas.ingest.simulate.SimulatedInstrument;
import io.atlas.ingest.simulate.SimulatedInstruments;
import io.atlas.local.kafka.CatalogTopics;
import io.atlas.local.kafka.ForkedKafka;
import io.atlas.ops.KafkaConnection;
import io.atlas.ops.OpsServer;
import io.atlas.ops.trace.Tracing;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.RecordsToDelete;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.streams.KafkaStreams;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * What tracing costs the publish → score path, in one run on one broker ({@link ForkedKafka}, its own JVM): a
 * {@link TickPublisher} publishes a batch of ticks flat out and a fresh {@link InferenceApp} (at_least_once, so the
 * commit interval does not set the pace) scores them, both in this JVM; throughput = ticks / time from the first
 * send to the last prediction read. Modes: tracing off, on at 1% and at 100% of ticks, each service exporting OTLP
 * over HTTP through its batch processor (the SDK's defaults: a queue of 2,048 spans, dropping beyond it) to a local
 * endpoint that accepts every request ({@link OtlpSink}). A first, discarded repetition of every mode warms the JIT
 * up on every code path, traced or not. Modes alternate within each repetition, so a busy moment of the shared machine hurts
 * them alike; the report gives mean, standard deviation and range per mode and the cost against tracing off.
 */
@Command(name = "tracing-cost", mixinStandardHelpOptions = true,
        description = "Throughput of publish -> score with tracing off, at 1% and at 100%, on one forked broker.")
public final class TracingCostBenchmark implements Callable<Integer> {

    /** A tracing configuration measured; {@code ratio} < 0 is off. */
    enum Mode {
        OFF("off", -1), ONE_PERCENT("1%", 0.01), ALL("100%", 1.0);

        final String label;
        final double ratio;

        Mode(String label, double ratio) {
            this.label = label;
            this.ratio = ratio;
        }
    }

    @Spec
    CommandSpec spec;

    @Option(names = "--ticks", defaultValue = "100000", description = "Ticks per run (default ${DEFAULT-VALUE}).")
    int ticks;

    @Option(names = "--repetitions", defaultValue = "3", description = "Runs of each mode (default ${DEFAULT-VALUE}).")
    int repetitions;

    @Option(names = "--warmup-ticks", defaultValue = "50000",
            description = "Ticks per mode of the discarded warm-up repetition (default ${DEFAULT-VALUE}).")
    int warmupTicks;

    @Option(names = "--symbols", defaultValue = "200", description = "Simulated symbols (default ${DEFAULT-VALUE}).")
    int symbols;

    @Option(names = "--work-dir", defaultValue = "target/tracing-cost", description = "Broker data, state, logs.")
    Path workDir;

    @Option(names = "--results", description = "Folder for results.json and summary.md (default, from the "
            + "checkout's root as for ./atlas bench: perf/results/tracing-<UTC time>).")
    Path results;

    public static void main(String[] args) {
        System.exit(new CommandLine(new TracingCostBenchmark()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        Path folder = results != null ? results : Path.of("perf", "results", "tracing-"
                + Instant.now().truncatedTo(ChronoUnit.SECONDS).toString().replace(":", ""));
        List<SimulatedInstrument> instruments = SimulatedInstruments.first(symbols);
        List<TracingCostReport.Run> runs = new ArrayList<>();
        deleteRecursively(workDir);
        try (ForkedKafka kafka = ForkedKafka.start(new ForkedKafka.Options(workDir.resolve("kafka"),
                workDir.resolve("kafka.log"), 0, "1g", Duration.ofSeconds(90)));
             OtlpSink sink = OtlpSink.start()) {
            Map<String, Object> client = Map.of("bootstrap.servers", kafka.bootstrapServers());
            try (Admin admin = kafka.admin()) {
                CatalogTopics.create(admin, Topics.all());
            }
            ServingModel.publish(client, instruments, 1);
            MarketModel market = new MarketModel(instruments, new MarketModel.Parameters(42, 2.0, 0.5));
            for (Mode mode : Mode.values()) {
                TracingCostReport.Run warmup = run(kafka, client, sink, market, mode, 0, warmupTicks);
                out.printf(Locale.ROOT, "warm-up, tracing %s: %.0f ticks/s (discarded)%n", mode.label,
                        warmup.ticksPerSecond());
            }
            for (int repetition = 1; repetition <= repetitions; repetition++) {
                for (Mode mode : Mode.values()) {
                    TracingCostReport.Run run = run(kafka, client, sink, market, mode, repetition, ticks);
                    runs.add(run);
                    out.printf(Locale.ROOT, "repetition %d, tracing %s: %.0f ticks/s (publish %.0f ticks/s), "
                                    + "%d OTLP requests, %d bytes%n", repetition, mode.label, run.ticksPerSecond(),
                            run.publishTicksPerSecond(), run.exportRequests(), run.exportBytes());
                    out.flush();
                }
            }
        }
        TracingCostReport report = new TracingCostReport(runs, ticks, symbols);
        report.write(folder);
        out.println(report.markdown());
        out.println("Written to " + folder.toAbsolutePath());
        out.flush();
        return 0;
    }

    private TracingCostReport.Run run(ForkedKafka kafka, Map<String, Object> client, OtlpSink sink,
                                      MarketModel market, Mode mode, int repetition, int count) throws Exception {
        truncateTicks(kafka);
        long requestsBefore = sink.requests();
        long bytesBefore = sink.bytes();
        Tracing publisherTracing = tracing(mode, "ingest-simulate", sink);
        Tracing scorerTracing = tracing(mode, "inference-stream", sink);
        String id = "tracing-cost-" + mode.name().toLowerCase(Locale.ROOT) + "-" + repetition + "-"
                + UUID.randomUUID().toString().substring(0, 8);
        try (InferenceApp scorer = InferenceApp.start(new InferenceConfig(Map.of(
                KafkaConnection.BOOTSTRAP, kafka.bootstrapServers(),
                OpsServer.PORT, "0",
                InferenceConfig.APPLICATION_ID_CONFIG, id,
                InferenceConfig.PROCESSING_GUARANTEE, InferenceConfig.AT_LEAST_ONCE,
                InferenceConfig.STATE_DIR, workDir.resolve("state").resolve(id).toString())), scorerTracing);
             KafkaConsumer<byte[], byte[]> predictions = predictionsFromNow(client)) {
            awaitServing(scorer);
            long start = System.nanoTime();
            long published;
            try (TickPublisher publisher = TickPublisher.start(PublisherOptions.builder(client)
                    .clientId(id).build(), new SimpleMeterRegistry(), publisherTracing)) {
                for (int i = 0; i < count; i++) {
                    publisher.publish(market.next(nowMicros()));
                }
                publisher.flush();
                published = System.nanoTime();
            } finally {
                publisherTracing.close();
            }
            long seen = 0;
            long last = start;
            long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
            while (seen < count) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException(mode.label + ": only " + seen + " of " + count
                            + " predictions in 5 minutes");
                }
                int read = predictions.poll(Duration.ofMillis(100)).count();
                if (read > 0) {
                    seen += read;
                    last = System.nanoTime();
                }
            }
            double seconds = (last - start) / 1e9;
            double publishSeconds = (published - start) / 1e9;
            scorer.close();
            return new TracingCostReport.Run(mode.label, repetition, count / seconds, count / publishSeconds,
                    sink.requests() - requestsBefore, sink.bytes() - bytesBefore);
        }
    }

    private static Tracing tracing(Mode mode, String service, OtlpSink sink) {
        return mode == Mode.OFF ? Tracing.off() : Tracing.exportingTo(service,
                OtlpHttpSpanExporter.builder().setEndpoint(sink.url()).build(), mode.ratio);
    }

    /** Empties the ticks topic, so a new scorer (new application id, reading from the start) sees only this run. */
    private static void truncateTicks(ForkedKafka kafka) throws Exception {
        try (Admin admin = kafka.admin()) {
            Map<TopicPartition, org.apache.kafka.clients.admin.OffsetSpec> latest = new HashMap<>();
            for (int p = 0; p < Topics.TICKS.partitions(); p++) {
                latest.put(new TopicPartition(Topics.TICKS.name(), p),
                        org.apache.kafka.clients.admin.OffsetSpec.latest());
            }
            Map<TopicPartition, RecordsToDelete> delete = admin.listOffsets(latest).all().get().entrySet().stream()
                    .collect(Collectors.toMap(Map.Entry::getKey,
                            e -> RecordsToDelete.beforeOffset(e.getValue().offset())));
            admin.deleteRecords(delete).all().get();
        }
    }

    private static KafkaConsumer<byte[], byte[]> predictionsFromNow(Map<String, Object> client) {
        Map<String, Object> settings = new HashMap<>(client);
        settings.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 10_000);
        KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(settings, new ByteArrayDeserializer(),
                new ByteArrayDeserializer());
        List<TopicPartition> partitions = new ArrayList<>();
        for (int p = 0; p < Topics.PREDICTIONS.partitions(); p++) {
            partitions.add(new TopicPartition(Topics.PREDICTIONS.name(), p));
        }
        consumer.assign(partitions);
        consumer.seekToEnd(partitions);
        partitions.forEach(consumer::position);
        return consumer;
    }

    private static void awaitServing(InferenceApp scorer) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        while (scorer.state() != KafkaStreams.State.RUNNING || scorer.models().active() == null) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the scorer was not serving within 2 minutes: " + scorer.state());
            }
            Thread.sleep(100);
        }
    }

    /** A fresh broker each run: the work folder of an earlier one goes first. */
    private static void deleteRecursively(Path dir) throws IOException {
        if (Files.exists(dir)) {
            try (Stream<Path> paths = Files.walk(dir)) {
                for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(path);
                }
            }
        }
    }

    private static long nowMicros() {
        return ChronoUnit.MICROS.between(Instant.EPOCH, Instant.now());
    }
}
