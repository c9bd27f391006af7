package io.atlas.perf.inference;

import io.atlas.catalog.Topics;
import io.atlas.events.Instrument;
import io.atlas.events.MarketTick;
import io.atlas.events.Prediction;
import io.atlas.events.ReleaseStatus;
import io.atlas.events.Side;
import io.atlas.events.TradingStatus;
import io.atlas.inference.InferenceCli;
import io.atlas.inference.stream.InferenceConfig;
import io.atlas.inference.train.ReleasePublisher;
import io.atlas.inference.train.TrainingPipeline;
import io.atlas.local.kafka.CatalogTopics;
import io.atlas.local.kafka.ForkedKafka;
import io.atlas.local.process.ChildJvm;
import io.atlas.ops.KafkaConnection;
import io.atlas.ops.OpsServer;

import org.HdrHistogram.Histogram;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;

/**
 * The scorer end to end on a real broker ({@link ForkedKafka}, own JVM) with the scorer in its own JVM, once per
 * processing guarantee: (1) drain throughput: a backlog of ticks is on the topic before the scorer starts, ticks/s =
 * backlog / time from its first to its last visible prediction; (2) latency at a fixed rate: ticks stamped with
 * their send time, latency = when the prediction became visible to a consumer (read_committed under
 * exactly_once_v2) minus that stamp, HdrHistogram percentiles. Prints a Markdown table.
 */
@Command(name = "inference-load", mixinStandardHelpOptions = true,
        description = "Scorer throughput and tick-to-prediction latency on a forked broker, both guarantees.")
public final class InferenceLoadBenchmark implements Callable<Integer> {

    private static final double TICK_SIZE = 0.01;

    @Spec
    CommandSpec spec;

    @Option(names = "--backlog", defaultValue = "200000", description = "Ticks for the drain-throughput phase.")
    int backlog;

    @Option(names = "--rate", defaultValue = "5000", description = "Ticks/s for the latency phase.")
    int rate;

    @Option(names = "--seconds", defaultValue = "15", description = "Length of the latency phase.")
    int seconds;

    @Option(names = "--symbols", defaultValue = "200", description = "Distinct symbols.")
    int symbolCount;

    @Option(names = "--guarantee", split = ",", defaultValue = "at_least_once,exactly_once_v2",
            description = "Processing guarantees to measure, in order.")
    List<String> guarantees;

    @Option(names = "--scorer-jvm-option", description = "Extra JVM option for the scorer (e.g. a JFR recording).")
    List<String> scorerJvmOptions = new ArrayList<>();

    @Option(names = "--work-dir", defaultValue = "target/inference-load", description = "Broker data and logs.")
    Path workDir;

    public static void main(String[] args) {
        System.exit(new CommandLine(new InferenceLoadBenchmark()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        List<String> rows = new ArrayList<>();
        for (String guarantee : guarantees) {
            rows.add(run(guarantee, out));
        }
        out.println("| guarantee | drain ticks/s | ticks per scorer CPU-second | rate ticks/s | p50 ms | p99 ms |"
                + " p99.9 ms | max ms |");
        out.println("|---|---|---|---|---|---|---|---|");
        rows.forEach(out::println);
        out.printf(Locale.ROOT, "%d cores, %s; backlog %d ticks, %d symbols, latency phase %d s%n",
                Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"), backlog,
                symbolCount, seconds);
        out.flush();
        return 0;
    }

    private String run(String guarantee, PrintWriter out) throws Exception {
        Path dir = workDir.resolve(guarantee);
        deleteRecursively(dir);
        try (ForkedKafka kafka = ForkedKafka.start(new ForkedKafka.Options(dir.resolve("kafka"),
                dir.resolve("kafka.log"), 0, "1g", Duration.ofSeconds(90)))) {
            Map<String, Object> client = Map.of("bootstrap.servers", kafka.bootstrapServers());
            try (Admin admin = kafka.admin()) {
                CatalogTopics.create(admin, Topics.all());
            }
            Market market = new Market(symbolCount, 7);
            publishInstruments(client, market);
            List<MarketTick> training = new ArrayList<>();
            for (int i = 0; i < 40_000; i++) {
                training.add(market.next(0));
            }
            TrainingPipeline.Result model = new TrainingPipeline(1, 0.2, 3, 42, 2.0)
                    .run(training, symbol -> TICK_SIZE, "inference-load benchmark");
            ReleasePublisher.publish(client, ReleasePublisher.release("tick-direction", 1, ReleaseStatus.ACTIVE, 1,
                    model), Duration.ofSeconds(30));

            try (KafkaProducer<String, MarketTick> producer = producer(client)) {
                for (int i = 0; i < backlog; i++) {
                    MarketTick tick = market.next(0);
                    producer.send(new ProducerRecord<>(Topics.TICKS.name(), tick.getSymbol(), tick));
                }
                producer.flush();
            }
            Map<String, String> env = new HashMap<>();
            env.put(KafkaConnection.BOOTSTRAP, kafka.bootstrapServers());
            env.put(OpsServer.PORT, "0");
            env.put(InferenceConfig.PROCESSING_GUARANTEE, guarantee);
            env.put(InferenceConfig.STATE_DIR, dir.resolve("state").toString());
            List<String> jvmOptions = new ArrayList<>(List.of("-Xmx512m"));
            jvmOptions.addAll(scorerJvmOptions);
            try (ChildJvm scorer = ChildJvm.start("scorer", jvmOptions, System.getProperty("java.class.path"),
                    InferenceCli.class.getName(), List.of("run"), env, dir.resolve("scorer.log"));
                 KafkaConsumer<String, Prediction> reader = reader(client, guarantee)) {
                long first = 0;
                long cpuAtFirst = 0;
                long seen = 0;
                long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
                while (seen < backlog) {
                    scorer.ensureAlive("draining the backlog");
                    if (System.nanoTime() > deadline) {
                        throw new IllegalStateException("backlog not drained in 5 minutes: " + seen);
                    }
                    for (ConsumerRecord<String, Prediction> record : reader.poll(Duration.ofMillis(100))) {
                        if (first == 0) {
                            first = System.nanoTime();
                            cpuAtFirst = cpuNanos(scorer.pid());
                        }
                        seen++;
                    }
                }
                double drainSeconds = (System.nanoTime() - first) / 1e9;
                double drainRate = backlog / drainSeconds;
                // CPU the scorer JVM burned while draining: a per-core figure that holds on a shared machine.
                double cpuSeconds = (cpuNanos(scorer.pid()) - cpuAtFirst) / 1e9;
                double perCpuSecond = backlog / cpuSeconds;
                out.printf(Locale.ROOT, "%s: drained %d predictions in %.2f s using %.2f CPU-s of the scorer%n",
                        guarantee, backlog, drainSeconds, cpuSeconds);
                out.flush();

                Histogram latency = new Histogram(60_000_000L, 3);
                long total = (long) rate * seconds;
                try (KafkaProducer<String, MarketTick> producer = producer(client)) {
                    long start = System.nanoTime();
                    long sent = 0;
                    long received = 0;
                    long end = start + Duration.ofSeconds(seconds + 60).toNanos();
                    while (received < total && System.nanoTime() < end) {
                        long due = Math.min(total, (System.nanoTime() - start) * rate / 1_000_000_000L);
                        for (; sent < due; sent++) {
                            MarketTick tick = market.next(nowMicros());
                            producer.send(new ProducerRecord<>(Topics.TICKS.name(), tick.getSymbol(), tick));
                        }
                        for (ConsumerRecord<String, Prediction> record : reader.poll(Duration.ofMillis(1))) {
                            latency.recordValue(Math.max(0, nowMicros() - record.value().getIngestTimeMicros()));
                            received++;
                        }
                    }
                }
                return String.format(Locale.ROOT, "| %s | %.0f | %.0f | %d | %.1f | %.1f | %.1f | %.1f |",
                        guarantee, drainRate, perCpuSecond, rate, latency.getValueAtPercentile(50) / 1000.0,
                        latency.getValueAtPercentile(99) / 1000.0, latency.getValueAtPercentile(99.9) / 1000.0,
                        latency.getMaxValue() / 1000.0);
            }
        }
    }

    private static long cpuNanos(long pid) {
        return ProcessHandle.of(pid).flatMap(handle -> handle.info().totalCpuDuration())
                .map(Duration::toNanos).orElse(0L);
    }

    private static long nowMicros() {
        java.time.Instant now = java.time.Instant.now();
        return now.getEpochSecond() * 1_000_000L + now.getNano() / 1000;
    }

    private void publishInstruments(Map<String, Object> client, Market market) throws Exception {
        Map<String, Object> settings = new HashMap<>(client);
        try (KafkaProducer<String, Instrument> producer = new KafkaProducer<>(settings,
                Topics.INSTRUMENTS.keySerde().serializer(), Topics.INSTRUMENTS.valueSerde().serializer())) {
            for (String symbol : market.symbols) {
                producer.send(new ProducerRecord<>(Topics.INSTRUMENTS.name(), symbol, Instrument.newBuilder()
                        .setSymbol(symbol).setVenue("XSIM").setTickSize(TICK_SIZE).setCurrency("USD")
                        .setStatus(TradingStatus.TRADING).setLotSize(1).setUpdatedAtMicros(0).build()));
            }
            producer.flush();
        }
    }

    private static KafkaProducer<String, MarketTick> producer(Map<String, Object> client) {
        Map<String, Object> settings = new HashMap<>(client);
        settings.put(ProducerConfig.LINGER_MS_CONFIG, 1);
        settings.put(ProducerConfig.ACKS_CONFIG, "all");
        return new KafkaProducer<>(settings, Topics.TICKS.keySerde().serializer(),
                Topics.TICKS.valueSerde().serializer());
    }

    private static KafkaConsumer<String, Prediction> reader(Map<String, Object> client, String guarantee) {
        Map<String, Object> settings = new HashMap<>(client);
        settings.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG,
                InferenceConfig.EXACTLY_ONCE_V2.equals(guarantee) ? "read_committed" : "read_uncommitted");
        settings.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 10_000);
        KafkaConsumer<String, Prediction> consumer = new KafkaConsumer<>(settings, new StringDeserializer(),
                Topics.PREDICTIONS.valueSerde().deserializer());
        List<TopicPartition> partitions = new ArrayList<>();
        for (int p = 0; p < Topics.PREDICTIONS.partitions(); p++) {
            partitions.add(new TopicPartition(Topics.PREDICTIONS.name(), p));
        }
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
        return consumer;
    }

    private static void deleteRecursively(Path dir) throws java.io.IOException {
        if (Files.exists(dir)) {
            try (var paths = Files.walk(dir)) {
                paths.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
            }
        }
    }

    /** Synthetic ticks with the planted signal (k = 2), as in the hot-path benchmark. */
    private static final class Market {
        final List<String> symbols = new ArrayList<>();
        private final SplittableRandom random;
        private final long[] bid;
        private final long[] sequence;
        private final double[] imbalance;
        private long time = 1_767_225_600_000_000L;

        Market(int count, long seed) {
            random = new SplittableRandom(seed);
            bid = new long[count];
            sequence = new long[count];
            imbalance = new double[count];
            for (int s = 0; s < count; s++) {
                symbols.add(String.format(Locale.ROOT, "S%04d", s));
                bid[s] = 10_000 + random.nextInt(10_000);
            }
        }

        /** The next tick; {@code ingestMicros} 0 = synthetic clock. */
        MarketTick next(long ingestMicros) {
            int s = random.nextInt(bid.length);
            if (sequence[s] > 0 && random.nextBoolean()) {
                bid[s] += random.nextDouble() < 1 / (1 + Math.exp(-2 * imbalance[s])) ? 1 : -1;
            }
            double bidSize = 1 + random.nextInt(1000);
            double askSize = 1 + random.nextInt(1000);
            imbalance[s] = (bidSize - askSize) / (bidSize + askSize);
            sequence[s]++;
            time += 500;
            long stamp = ingestMicros == 0 ? time : ingestMicros;
            return MarketTick.newBuilder().setSymbol(symbols.get(s)).setVenue("XSIM").setSequence(sequence[s])
                    .setExchangeTimeMicros(stamp).setIngestTimeMicros(stamp)
                    .setBid(bid[s] * TICK_SIZE).setAsk((bid[s] + 1) * TICK_SIZE).setLast(bid[s] * TICK_SIZE)
                    .setBidSize(bidSize).setAskSize(askSize).setLastSize(1 + random.nextInt(100))
                    .setAggressor(random.nextBoolean() ? Side.BUY : Side.SELL).build();
        }
    }
}
