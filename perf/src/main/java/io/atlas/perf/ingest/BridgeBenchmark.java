package io.atlas.perf.ingest;

import io.atlas.catalog.Topics;
import io.atlas.events.Instrument;
import io.atlas.ingest.bridge.Bridge;
import io.atlas.ingest.bridge.BridgeConfig;
import io.atlas.ingest.bridge.BridgeService;
import io.atlas.ingest.simulate.SimulatedInstrument;
import io.atlas.ingest.simulate.SimulatedInstruments;
import io.atlas.local.kafka.CatalogTopics;
import io.atlas.local.kafka.ForkedKafka;
import io.atlas.ops.KafkaConnection;
import io.atlas.ops.OpsServer;
import java.io.IOException;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Measures the validating bridge flat out: fills a raw topic with JSON ticks (1% of them invalid) on a
 * {@link ForkedKafka}, then, for each transaction size, runs a fresh bridge (new consumer group, new output topics)
 * from the beginning and times how fast its committed offsets advance. Prints a Markdown table.
 */
@Command(name = "bridge-benchmark", mixinStandardHelpOptions = true,
        description = "The ingest bridge's sustained records/s, raw JSON to Avro ticks and dead letters, exactly once.")
public final class BridgeBenchmark implements Callable<Integer> {

    @Option(names = "--records", defaultValue = "400000", description = "Raw JSON ticks to bridge per run.")
    private int records;

    @Option(names = "--symbols", defaultValue = "500", description = "Simulated symbols (keys).")
    private int symbols;

    @Option(names = "--transaction-sizes", defaultValue = "500,2000,10000", split = ",",
            description = "Records per transaction (ATLAS_BRIDGE_MAX_RECORDS_PER_TRANSACTION) to compare.")
    private List<Integer> transactionSizes;

    @Option(names = "--broker-heap", defaultValue = "512m")
    private String brokerHeap;

    @Option(names = "--work-dir", defaultValue = "target/bridge-benchmark")
    private Path workDir;

    private record Run(int transactionSize, double recordsPerSecond, long measured, double seconds) {
    }

    @Override
    public Integer call() throws Exception {
        PrintWriter out = new CommandLine(this).getOut();
        double loadBefore = loadAverage();
        deleteRecursively(workDir.resolve("kafka"));
        Files.createDirectories(workDir);
        try (ForkedKafka kafka = ForkedKafka.start(new ForkedKafka.Options(workDir.resolve("kafka"),
                workDir.resolve("kafka.log"), 0, brokerHeap, Duration.ofSeconds(90)))) {
            try (Admin admin = kafka.admin()) {
                CatalogTopics.create(admin, Topics.all());
            }
            int meanSize = fill(kafka);
            List<Run> runs = new ArrayList<>();
            for (int size : transactionSizes) {
                runs.add(run(kafka, size));
            }
            double loadAfter = loadAverage();
            out.printf("Bridge benchmark, %s: %,d raw JSON ticks (mean %d B, %d symbols, 1%% invalid), %s partitions "
                    + "raw and out, one bridge instance in the benchmark JVM, broker in its own JVM%n%n",
                    Instant.now(), records, meanSize, symbols, Topics.TICKS_RAW.partitions());
            out.println("| records per transaction | records/s | MB/s in | measured records | seconds |");
            out.println("|---|---|---|---|---|");
            for (Run run : runs) {
                out.printf("| %,d | %,.0f | %.2f | %,d | %.1f |%n", run.transactionSize, run.recordsPerSecond,
                        run.recordsPerSecond * meanSize / (1024.0 * 1024.0), run.measured, run.seconds);
            }
            Run best = runs.stream().max(Comparator.comparingDouble(Run::recordsPerSecond)).orElseThrow();
            out.printf("%nBest: **%,.0f records/s** at %,d records per transaction. Machine: %d cores, load average "
                    + "%.2f before, %.2f after (other builds share the machine).%n", best.recordsPerSecond,
                    best.transactionSize, Runtime.getRuntime().availableProcessors(), loadBefore, loadAfter);
        }
        return 0;
    }

    /** Writes the instruments and the raw ticks; returns the mean raw value size. */
    private int fill(ForkedKafka kafka) throws Exception {
        Map<String, Object> settings = new HashMap<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                kafka.bootstrapServers(), ProducerConfig.LINGER_MS_CONFIG, 20, ProducerConfig.BATCH_SIZE_CONFIG,
                262_144, ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4"));
        List<SimulatedInstrument> instruments = SimulatedInstruments.first(symbols);
        long bytes = 0;
        long now = System.currentTimeMillis() * 1000;
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(settings, new ByteArraySerializer(),
                new ByteArraySerializer())) {
            for (SimulatedInstrument instrument : instruments) {
                Instrument value = instrument.toInstrument(now);
                producer.send(new ProducerRecord<>(Topics.INSTRUMENTS.name(), utf8(instrument.symbol()),
                        Topics.INSTRUMENTS.valueSerde().serializer().serialize(Topics.INSTRUMENTS.name(), value)));
            }
            for (int i = 0; i < records; i++) {
                SimulatedInstrument instrument = instruments.get(i % instruments.size());
                double bid = instrument.startPrice() - instrument.tickSize() * (1 + i % 3);
                double ask = instrument.startPrice() + instrument.tickSize() * (1 + i % 2);
                boolean bad = i % 100 == 99;
                String json = "{\"symbol\":\"" + instrument.symbol() + "\",\"venue\":\"" + instrument.venue()
                        + "\",\"sequence\":" + (i / instruments.size() + 1) + ",\"exchangeTimeMicros\":"
                        + (now + i) + ",\"bid\":" + (bad ? ask + 1 : bid) + ",\"ask\":" + ask + ",\"last\":" + bid
                        + ",\"bidSize\":" + (100 + i % 700) + ",\"askSize\":" + (100 + i % 500)
                        + ",\"lastSize\":100,\"aggressor\":\"" + (i % 2 == 0 ? "BUY" : "SELL") + "\"}";
                byte[] value = utf8(json);
                bytes += value.length;
                producer.send(new ProducerRecord<>(Topics.TICKS_RAW.name(), utf8(instrument.symbol()), value));
            }
        }
        return (int) (bytes / records);
    }

    private Run run(ForkedKafka kafka, int transactionSize) throws Exception {
        String suffix = "-tx" + transactionSize;
        Bridge.Routes routes = new Bridge.Routes(Topics.TICKS_RAW.name(), "bench.ticks" + suffix,
                "bench.dead-letters" + suffix, "bench-bridge" + suffix);
        try (Admin admin = kafka.admin()) {
            admin.createTopics(List.of(new NewTopic(routes.ticks(), Topics.TICKS.partitions(), (short) 1),
                    new NewTopic(routes.deadLetters(), Topics.DEAD_LETTERS.partitions(), (short) 1)))
                    .all().get(30, TimeUnit.SECONDS);
        }
        Map<String, String> env = Map.of(KafkaConnection.BOOTSTRAP, kafka.bootstrapServers(), OpsServer.PORT, "0",
                BridgeConfig.INSTANCE_ID, "bench" + suffix,
                BridgeConfig.MAX_RECORDS_PER_TRANSACTION, Integer.toString(transactionSize),
                BridgeConfig.MAX_PAST_SKEW_MS, Long.toString(Duration.ofDays(1).toMillis()));
        try (BridgeService bridge = BridgeService.start(new BridgeConfig(env), routes, Topics.INSTRUMENTS.name());
             Admin admin = kafka.admin()) {
            long firstNanos = 0;
            long firstCount = 0;
            long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
            while (System.nanoTime() < deadline) {
                long committed = committed(admin, routes.groupId());
                long now = System.nanoTime();
                if (firstNanos == 0 && committed > 0) {
                    firstNanos = now;
                    firstCount = committed;
                }
                if (committed >= records) {
                    double seconds = (now - firstNanos) / 1e9;
                    long measured = committed - firstCount;
                    return new Run(transactionSize, measured / seconds, measured, seconds);
                }
                Thread.sleep(50);
            }
            throw new IllegalStateException("The bridge did not finish " + records + " records within 5 minutes");
        }
    }

    private static long committed(Admin admin, String group) throws Exception {
        Map<TopicPartition, OffsetAndMetadata> offsets = admin.listConsumerGroupOffsets(group)
                .partitionsToOffsetAndMetadata().get(30, TimeUnit.SECONDS);
        return offsets.values().stream().filter(o -> o != null).mapToLong(OffsetAndMetadata::offset).sum();
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static double loadAverage() {
        return ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    }

    private static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path path : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }

    public static void main(String[] args) {
        System.exit(new CommandLine(new BridgeBenchmark()).execute(args));
    }
}
