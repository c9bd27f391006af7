package io.atlas.perf.ingest;

import io.atlas.catalog.Topics;
import io.atlas.events.MarketTick;
import io.atlas.ingest.publish.PublishRejectedException;
import io.atlas.ingest.publish.PublisherOptions;
import io.atlas.ingest.publish.TickPublisher;
import io.atlas.ingest.simulate.MarketModel;
import io.atlas.ingest.simulate.SimulatedInstruments;
import io.atlas.local.kafka.ForkedKafka;
import io.atlas.local.process.ChildJvm;

import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.distribution.ValueAtPercentile;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.LogDirDescription;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.ReplicaInfo;
import org.apache.kafka.common.serialization.Serializer;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Measures {@link TickPublisher} flat out against Kafka's own {@code ProducerPerformance} on the same broker (a
 * {@link ForkedKafka} in its own JVM), in one run: same record count, record size (the mean serialized size of a
 * simulated {@code MarketTick}), partitions, acks, idempotence, compression, linger and batch size. Prints a Markdown
 * table: records/s, MB/s, the ratio, the publisher's send latency, bytes stored, settings and machine.
 */
@Command(name = "publisher-benchmark", mixinStandardHelpOptions = true,
        description = "TickPublisher vs Kafka's ProducerPerformance on one forked broker, in one run.")
public final class PublisherBenchmark implements Callable<Integer> {

    private static final Pattern SUMMARY = Pattern.compile(
            "(\\d+)(?: steady state)? records sent, ([\\d.]+) records/sec \\(([\\d.]+) MB/sec\\), ([\\d.]+) ms avg latency, "
                    + "([\\d.]+) ms max latency, (\\d+) ms 50th, (\\d+) ms 95th, (\\d+) ms 99th");

    @Option(names = "--records", defaultValue = "1000000", description = "Records per contender.")
    private int records;

    @Option(names = "--partitions", defaultValue = "12", description = "Partitions of each benchmark topic.")
    private int partitions;

    @Option(names = "--symbols", defaultValue = "500", description = "Simulated symbols (keys).")
    private int symbols;

    @Option(names = "--compression", defaultValue = PublisherOptions.DEFAULT_COMPRESSION)
    private String compression;

    @Option(names = "--linger-ms", defaultValue = "" + PublisherOptions.DEFAULT_LINGER_MILLIS)
    private int lingerMillis;

    @Option(names = "--batch-bytes", defaultValue = "" + PublisherOptions.DEFAULT_BATCH_BYTES)
    private int batchBytes;

    @Option(names = "--max-in-flight", defaultValue = "" + PublisherOptions.DEFAULT_MAX_IN_FLIGHT_RECORDS)
    private int maxInFlight;

    @Option(names = "--warmup-records", defaultValue = "100000",
            description = "Records each contender sends first, not measured (JIT, connections, metadata).")
    private int warmupRecords;

    @Option(names = "--rounds", defaultValue = "2",
            description = "Alternating rounds (baseline, publisher, baseline, ...); the best round of each counts.")
    private int rounds;

    @Option(names = "--broker-heap", defaultValue = "512m")
    private String brokerHeap;

    @Option(names = "--work-dir", defaultValue = "target/publisher-benchmark")
    private Path workDir;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = new CommandLine(this).getOut();
        double loadBefore = loadAverage();
        List<MarketTick> pool = ticks(Math.min(records, 200_000));
        int recordSize = meanSerializedSize(pool);
        deleteRecursively(workDir.resolve("kafka")); // the broker formats fresh storage
        Files.createDirectories(workDir);
        try (ForkedKafka kafka = ForkedKafka.start(new ForkedKafka.Options(workDir.resolve("kafka"),
                workDir.resolve("kafka.log"), 0, brokerHeap, Duration.ofSeconds(90)))) {
            List<Baseline> baselines = new ArrayList<>();
            List<Contender> publishers = new ArrayList<>();
            long baselineBytes = 0;
            long publisherBytes = 0;
            for (int round = 1; round <= rounds; round++) {
                String baselineTopic = "bench-baseline-" + round;
                String publisherTopic = "bench-publisher-" + round;
                try (Admin admin = kafka.admin()) {
                    admin.createTopics(List.of(new NewTopic(baselineTopic, partitions, (short) 1),
                            new NewTopic(publisherTopic, partitions, (short) 1))).all().get();
                }
                baselines.add(runProducerPerformance(kafka, recordSize, baselineTopic, round));
                publishers.add(runPublisher(kafka, pool, publisherTopic));
                try (Admin admin = kafka.admin()) {
                    baselineBytes = storedBytes(admin, baselineTopic);
                    publisherBytes = storedBytes(admin, publisherTopic);
                }
            }
            double loadAfter = loadAverage();
            Baseline baseline = baselines.stream().max(java.util.Comparator.comparingDouble(Baseline::recordsPerSecond))
                    .orElseThrow();
            Contender publisher = publishers.stream()
                    .max(java.util.Comparator.comparingDouble(Contender::recordsPerSecond)).orElseThrow();
            double publisherMb = publisher.recordsPerSecond * recordSize / (1024.0 * 1024.0);
            out.printf("Publisher benchmark, %s (%d measured records each after %d warm-up records, %d partitions, "
                    + "%d symbols)%n%n", Instant.now(), records, warmupRecords, partitions, symbols);
            out.println("| producer (best round) | records/s | MB/s | send latency p50 / p99 (ms) | bytes stored (last round) |");
            out.println("|---|---|---|---|---|");
            out.printf("| Kafka ProducerPerformance (%d B random payload, no key) | %,.0f | %.2f | %d / %d | %,d |%n",
                    recordSize, baseline.recordsPerSecond, baseline.megabytesPerSecond, baseline.p50Millis,
                    baseline.p99Millis, baselineBytes);
            out.printf("| TickPublisher (simulated MarketTick, mean %d B, keyed by symbol) | %,.0f | %.2f | %.1f / %.1f "
                            + "| %,d |%n", recordSize, publisher.recordsPerSecond, publisherMb, publisher.p50Millis,
                    publisher.p99Millis, publisherBytes);
            for (int round = 0; round < rounds; round++) {
                out.printf("| round %d: ProducerPerformance / TickPublisher | %,.0f / %,.0f | | | |%n", round + 1,
                        baselines.get(round).recordsPerSecond(), publishers.get(round).recordsPerSecond());
            }
            out.printf("%nRatio TickPublisher / ProducerPerformance (best round of each): **%.2f** (goal >= 0.9)%n%n",
                    publisher.recordsPerSecond / baseline.recordsPerSecond);
            out.printf("Settings (both): acks=all, enable.idempotence=true, compression.type=%s, linger.ms=%d, "
                    + "batch.size=%d; publisher in-flight budget %d records.%n", compression, lingerMillis, batchBytes,
                    maxInFlight);
            out.printf("Machine: %d cores, %s %s (%s), load average %.2f before, %.2f after; broker in its own JVM "
                            + "(-Xmx%s), ProducerPerformance in its own JVM, publisher in the benchmark JVM.%n",
                    Runtime.getRuntime().availableProcessors(), System.getProperty("java.vm.name"),
                    System.getProperty("java.runtime.version"), System.getProperty("os.name"), loadBefore, loadAfter,
                    brokerHeap);
            out.flush();
        }
        return 0;
    }

    private record Baseline(double recordsPerSecond, double megabytesPerSecond, long p50Millis, long p99Millis) {
    }

    private record Contender(double recordsPerSecond, double p50Millis, double p99Millis) {
    }

    private Baseline runProducerPerformance(ForkedKafka kafka, int recordSize, String topic, int round)
            throws Exception {
        Path log = workDir.resolve("producer-performance-" + round + ".log");
        Files.deleteIfExists(log);
        List<String> args = List.of("--topic", topic, "--num-records", Integer.toString(records + warmupRecords),
                "--warmup-records", Integer.toString(warmupRecords),
                "--record-size", Integer.toString(recordSize), "--throughput", "-1", "--command-property",
                "bootstrap.servers=" + kafka.bootstrapServers(), "acks=all", "enable.idempotence=true",
                "compression.type=" + compression, "linger.ms=" + lingerMillis, "batch.size=" + batchBytes);
        try (ChildJvm tool = ChildJvm.start("producer-performance", List.of("-Xmx512m"),
                System.getProperty("java.class.path"), "org.apache.kafka.tools.ProducerPerformance", args, Map.of(),
                log)) {
            int exit = tool.awaitExit(Duration.ofMinutes(5));
            if (exit != 0) {
                throw new IllegalStateException("ProducerPerformance exited with " + exit + "; see " + log);
            }
        }
        Matcher summary = SUMMARY.matcher(Files.readString(log));
        String lastSummary = null;
        while (summary.find()) {
            lastSummary = summary.group(); // the final line is the steady state, after the warm-up
        }
        if (lastSummary == null) {
            throw new IllegalStateException("No summary line in " + log);
        }
        Matcher last = SUMMARY.matcher(lastSummary);
        last.find();
        return new Baseline(Double.parseDouble(last.group(2)), Double.parseDouble(last.group(3)),
                Long.parseLong(last.group(6)), Long.parseLong(last.group(8)));
    }

    private Contender runPublisher(ForkedKafka kafka, List<MarketTick> pool, String topic) {
        PublisherOptions options = PublisherOptions.builder(Map.of("bootstrap.servers", kafka.bootstrapServers()))
                .topic(io.atlas.catalog.Topic.builder(topic, Topics.TICKS.keySerde(),
                                Topics.TICKS.valueSerde()).description("benchmark").key("symbol")
                        .partitions(partitions).deleteAfter(Duration.ofHours(1)).build())
                .compression(compression).lingerMillis(lingerMillis).batchBytes(batchBytes)
                .maxInFlightRecords(maxInFlight).maxWait(Duration.ofSeconds(30)).clientId("publisher-benchmark")
                .build();
        // Warm-up with a publisher of its own (JIT, metadata), so the measured one's meters hold steady state only.
        try (TickPublisher warmup = TickPublisher.start(options, new SimpleMeterRegistry())) {
            publishAll(warmup, pool, warmupRecords);
        }
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        try (TickPublisher publisher = TickPublisher.start(options, registry)) {
            long start = System.nanoTime();
            publishAll(publisher, pool, records);
            publisher.flush();
            long end = System.nanoTime();
            if (publisher.acknowledged() != records) {
                throw new IllegalStateException("Only " + publisher.acknowledged() + " of " + records + " acknowledged");
            }
            Timer latency = registry.get("atlas.ingest.publish.latency").timer();
            double p50 = 0;
            double p99 = 0;
            for (ValueAtPercentile value : latency.takeSnapshot().percentileValues()) {
                if (value.percentile() == 0.5) {
                    p50 = value.value(TimeUnit.MILLISECONDS);
                } else if (value.percentile() == 0.99) {
                    p99 = value.value(TimeUnit.MILLISECONDS);
                }
            }
            return new Contender(records / ((end - start) / 1e9), p50, p99);
        }
    }

    private static void publishAll(TickPublisher publisher, List<MarketTick> pool, int count) {
        for (int i = 0; i < count; i++) {
            // The publisher serializes inside publish, so a pooled tick may be handed over again.
            MarketTick tick = pool.get(i % pool.size());
            while (true) {
                try {
                    publisher.publish(tick);
                    break;
                } catch (PublishRejectedException e) {
                    // Budget full for 30 s: keep trying; the measurement shows it as lost throughput.
                }
            }
        }
    }

    private List<MarketTick> ticks(int count) {
        MarketModel model = new MarketModel(SimulatedInstruments.first(symbols), new MarketModel.Parameters(1, 2, 0.5));
        List<MarketTick> ticks = new ArrayList<>(count);
        long now = Instant.now().toEpochMilli() * 1000;
        for (int i = 0; i < count; i++) {
            MarketTick tick = model.next(now + i);
            tick.setSequence(1_000_000L + i); // a realistic varint width for sequence and ingest time
            tick.setIngestTimeMicros(now + i);
            ticks.add(tick);
        }
        return ticks;
    }

    private static int meanSerializedSize(List<MarketTick> ticks) {
        Serializer<MarketTick> serializer = Topics.TICKS.valueSerde().serializer();
        long total = 0;
        int n = Math.min(ticks.size(), 10_000);
        for (int i = 0; i < n; i++) {
            total += serializer.serialize(Topics.TICKS.name(), ticks.get(i)).length;
        }
        return (int) Math.round((double) total / n);
    }

    private static long storedBytes(Admin admin, String topic) throws Exception {
        long bytes = 0;
        for (Map<String, LogDirDescription> dirs : admin.describeLogDirs(List.of(1)).allDescriptions().get().values()) {
            for (LogDirDescription dir : dirs.values()) {
                for (Map.Entry<org.apache.kafka.common.TopicPartition, ReplicaInfo> replica
                        : dir.replicaInfos().entrySet()) {
                    if (replica.getKey().topic().equals(topic)) {
                        bytes += replica.getValue().size();
                    }
                }
            }
        }
        return bytes;
    }

    private static void deleteRecursively(Path dir) throws java.io.IOException {
        if (Files.exists(dir)) {
            try (java.util.stream.Stream<Path> paths = Files.walk(dir)) {
                for (Path path : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.delete(path);
                }
            }
        }
    }

    private static double loadAverage() {
        return ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    }

    public static void main(String[] args) {
        System.exit(new CommandLine(new PublisherBenchmark()).execute(args));
    }
}
