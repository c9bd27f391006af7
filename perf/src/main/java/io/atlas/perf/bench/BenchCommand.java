package io.atlas.perf.bench;

import io.atlas.catalog.Application;
import io.atlas.catalog.Applications;
import io.atlas.catalog.Topics;
import io.atlas.events.Instrument;
import io.atlas.events.Prediction;
import io.atlas.inference.stream.InferenceConfig;
import io.atlas.ingest.simulate.SimulatedInstrument;
import io.atlas.ingest.simulate.SimulatedInstruments;
import io.atlas.local.kafka.CatalogTopics;
import io.atlas.local.kafka.ForkedKafka;
import io.atlas.local.process.ChildJvm;
import io.atlas.ops.KafkaConnection;
import io.atlas.ops.OpsServer;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.Deserializer;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Stream;

/**
 * {@code ./atlas bench}: on a fresh broker in its own JVM, measures bare Kafka (ProducerPerformance and a plain
 * consume→produce copy loop) and then the Atlas pipeline (simulator and scorer as separate JVMs, as {@code ./atlas up}
 * runs them) at the same offered rates, and writes {@code results.json} and {@code summary.md} to the output folder.
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Bare-Kafka baseline vs the Atlas pipeline on a fresh broker; writes results.json and summary.md.")
public final class BenchCommand implements Callable<Integer> {

    private static final int BENCH_PARTITIONS = 12;
    private static final String PRODUCER_TOPIC = "bench.producer-performance";
    private static final String DRAIN_TOPIC = "bench.copy-drain";

    @Spec
    CommandSpec spec;

    @Option(names = "--quick", description = "One rate (5,000 ticks/s), 20 s windows, a smaller producer run: "
            + "about 2 minutes in all.")
    boolean quick;

    @Option(names = "--duration", description = "Measured window per phase and rate (default 20s with --quick, "
            + "else 60s), e.g. 30s.", converter = DurationConverter.class)
    Duration duration;

    @Option(names = "--rates", split = ",", description = "Offered ticks/s, stepped in order "
            + "(default 5000 with --quick, else 10000,50000,100000).")
    List<Integer> rates;

    @Option(names = "--producer-records", description = "Records ProducerPerformance writes "
            + "(default 300000 with --quick, else 2000000).")
    Long producerRecords;

    @Option(names = "--out", description = "Results folder (default perf/results/<UTC timestamp>).")
    Path out;

    @Option(names = "--work-dir", defaultValue = "target/atlas-bench",
            description = "Broker data, service state and logs (deleted at the start), default ${DEFAULT-VALUE}.")
    Path workDir;

    public static void main(String[] args) {
        System.exit(new CommandLine(new BenchCommand()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        PrintWriter log = spec.commandLine().getOut();
        Instant started = Instant.now();
        Duration window = duration != null ? duration : Duration.ofSeconds(quick ? 20 : 60);
        Duration warmup = Duration.ofSeconds(quick ? 5 : 15);
        List<Integer> offered = rates != null ? rates : quick ? List.of(5_000) : List.of(10_000, 50_000, 100_000);
        long records = producerRecords != null ? producerRecords : quick ? 300_000 : 2_000_000;
        Path results = out != null ? out : Path.of("perf", "results",
                DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC).format(started));
        String loadBefore = loadAverage();
        deleteRecursively(workDir);
        Path logs = workDir.resolve("logs");

        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("rates", offered.toString());
        settings.put("window", window.toString());
        settings.put("warmup", "at least " + warmup + ", until one second delivers <= 110 % of the offered rate (at most 4x)");
        settings.put("producerPerformance.records", Long.toString(records));
        settings.put("recordSize", TickSource.RECORD_SIZE + " B");
        settings.put("baseline.partitions", Integer.toString(BENCH_PARTITIONS));
        settings.put("ticks.partitions", Integer.toString(Topics.TICKS.partitions()));
        settings.put("baseline.producer", "acks=all compression.type=lz4 linger.ms=5");
        settings.put("pipeline.latency", "prediction visible to a read_committed consumer - tick exchangeTimeMicros");
        settings.put("copyLoop.latency", "copy visible to a consumer - send time stamped in the record");

        List<PhaseResult> phases = new ArrayList<>();
        ProducerBaseline producer;
        double drainPerSecond;
        step(log, "starting a Kafka broker (own JVM)");
        try (ForkedKafka kafka = ForkedKafka.start(new ForkedKafka.Options(workDir.resolve("kafka"),
                logs.resolve("kafka.log"), 0, "1g", Duration.ofSeconds(90)))) {
            Map<String, Object> client = Map.of("bootstrap.servers", kafka.bootstrapServers());
            try (Admin admin = kafka.admin()) {
                CatalogTopics.create(admin, Topics.all());
                List<NewTopic> benchTopics = new ArrayList<>(List.of(topic(PRODUCER_TOPIC), topic(DRAIN_TOPIC)));
                for (int rate : offered) {
                    benchTopics.add(topic(copyIn(rate)));
                    benchTopics.add(topic(copyOut(rate)));
                }
                admin.createTopics(benchTopics).all().get();

                step(log, "baseline: ProducerPerformance, " + records + " records of " + TickSource.RECORD_SIZE + " B");
                producer = producerPerformance(kafka, records, logs.resolve("producer-performance.log"));
                log.printf(Locale.ROOT, "  %.0f records/s, p99 %.0f ms%n", producer.recordsPerSecond(), producer.p99Ms());

                step(log, "baseline: copy loop draining those " + records + " records");
                drainPerSecond = drain(client, records);
                log.printf(Locale.ROOT, "  %.0f records/s%n", drainPerSecond);

                for (int rate : offered) {
                    step(log, "baseline: copy loop at " + rate + " records/s for " + window.toSeconds() + " s");
                    phases.add(copyLoopAt(client, admin, kafka, rate, warmup, window, log));
                }

                step(log, "pipeline: instruments, then the scorer and the simulator as their own JVMs");
                publishInstruments(client);
                phases.addAll(pipeline(kafka, admin, client, offered, warmup, window, logs, log));
            }
        }
        BenchReport report = new BenchReport(started, Instant.now(), machine(), settings, producer, drainPerSecond,
                phases, loadBefore, loadAverage());
        ReportWriter.write(report, results);
        step(log, "wrote " + results.resolve(ReportWriter.JSON_FILE) + " and " + ReportWriter.MARKDOWN_FILE);
        log.println();
        log.print(ReportWriter.markdown(report));
        log.flush();
        return 0;
    }

    private ProducerBaseline producerPerformance(ForkedKafka kafka, long records, Path logFile) throws Exception {
        List<String> args = List.of("--topic", PRODUCER_TOPIC, "--num-records", Long.toString(records),
                "--record-size", Integer.toString(TickSource.RECORD_SIZE), "--throughput", "-1",
                "--producer-props", "bootstrap.servers=" + kafka.bootstrapServers(), "acks=all",
                "compression.type=lz4", "linger.ms=5");
        try (ChildJvm tool = ChildJvm.start("producer-performance", List.of("-Xmx512m"),
                System.getProperty("java.class.path"), "org.apache.kafka.tools.ProducerPerformance", args, Map.of(),
                logFile)) {
            int exit = tool.awaitExit(Duration.ofMinutes(5));
            if (exit != 0) {
                throw new IllegalStateException("ProducerPerformance exited with " + exit + "; see " + logFile);
            }
        }
        return ProducerBaseline.parse(Files.readString(logFile));
    }

    private static double drain(Map<String, Object> client, long records) throws InterruptedException {
        try (CopyLoop loop = new CopyLoop(client, PRODUCER_TOPIC, DRAIN_TOPIC, "bench-drain")) {
            long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
            long first = 0;
            while (loop.copied() < records) {
                loop.ensureAlive();
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("copy loop drained " + loop.copied() + " of " + records);
                }
                if (first == 0 && loop.copied() > 0) {
                    first = System.nanoTime();
                }
                Thread.sleep(5);
            }
            return records / ((System.nanoTime() - first) / 1e9);
        }
    }

    private PhaseResult copyLoopAt(Map<String, Object> client, Admin admin, ForkedKafka kafka, int rate,
                                   Duration warmup, Duration window, PrintWriter log) throws Exception {
        try (KafkaConsumer<byte[], byte[]> reader = Measurement.openAtEnd(client, admin, copyOut(rate), false);
             CopyLoop loop = new CopyLoop(client, copyIn(rate), copyOut(rate), "bench-copy-" + rate);
             TickSource source = new TickSource(client, copyIn(rate), rate)) {
            List<ProcessUsage.Sample> samples = new ArrayList<>();
            Measurement.Window measured = Measurement.measure(reader, r -> TickSource.sentMicros(r.value()),
                    rate, warmup, window, "copy-loop " + rate + "/s", log, loop::ensureAlive, () -> {
                        samples.add(ProcessUsage.Sample.of("kafka", kafka.pid()));
                        samples.add(ProcessUsage.Sample.of("bench (source, copy loop, reader)",
                                ProcessHandle.current().pid()));
                    });
            return new PhaseResult(BenchReport.COPY_LOOP, rate, measured.perSecond(), measured.seconds(),
                    measured.latency(), samples.stream().map(ProcessUsage.Sample::until).toList());
        }
    }

    private List<PhaseResult> pipeline(ForkedKafka kafka, Admin admin, Map<String, Object> client,
                                       List<Integer> offered, Duration warmup, Duration window, Path logs,
                                       PrintWriter log) throws Exception {
        Map<String, String> env = new HashMap<>();
        env.put(KafkaConnection.BOOTSTRAP, kafka.bootstrapServers());
        env.put(OpsServer.PORT, "0");
        Map<String, String> scorerEnv = new HashMap<>(env);
        // As ./atlas up: with no active release the scorer trains a first model from the simulator's ticks.
        scorerEnv.put(InferenceConfig.TRAIN_ON_START, "true");
        scorerEnv.put(InferenceConfig.TRAIN_TICKS, "20000");
        scorerEnv.put(InferenceConfig.STATE_DIR, workDir.resolve("inference-state").toAbsolutePath().toString());
        Deserializer<Prediction> predictions = Topics.PREDICTIONS.valueSerde().deserializer();
        List<PhaseResult> phases = new ArrayList<>();
        try (ChildJvm scorer = service(Applications.INFERENCE_STREAM, List.of(), "512m", scorerEnv, logs)) {
            for (int rate : offered) {
                step(log, "pipeline: simulator at " + rate + " ticks/s for " + window.toSeconds() + " s");
                try (KafkaConsumer<byte[], byte[]> reader = Measurement.openAtEnd(client, admin,
                        Topics.PREDICTIONS.name(), true);
                     ChildJvm simulator = service(Applications.INGEST_SIMULATE,
                             List.of("--rate", Integer.toString(rate)), "256m", env, logs)) {
                    List<ProcessUsage.Sample> samples = new ArrayList<>();
                    Measurement.Window measured = Measurement.measure(reader,
                            r -> predictions.deserialize(r.topic(), r.value()).getExchangeTimeMicros(), rate, warmup,
                            window, "pipeline " + rate + "/s", log, () -> {
                                scorer.ensureAlive("scoring");
                                simulator.ensureAlive("simulating");
                            }, () -> {
                                samples.add(ProcessUsage.Sample.of("kafka", kafka.pid()));
                                samples.add(ProcessUsage.Sample.of(Applications.INGEST_SIMULATE.name(),
                                        simulator.pid()));
                                samples.add(ProcessUsage.Sample.of(Applications.INFERENCE_STREAM.name(),
                                        scorer.pid()));
                            });
                    phases.add(new PhaseResult(BenchReport.PIPELINE, rate, measured.perSecond(), measured.seconds(),
                            measured.latency(), samples.stream().map(ProcessUsage.Sample::until).toList()));
                }
            }
        }
        return phases;
    }

    /** Starts a catalog application as {@code ./atlas up} does: its module's classpath, heap, G1, its arguments. */
    private static ChildJvm service(Application application, List<String> extraArgs, String maxHeap,
                                    Map<String, String> env, Path logs) throws IOException {
        List<String> args = new ArrayList<>(application.arguments());
        args.addAll(extraArgs);
        return ChildJvm.start(application.name(), List.of("-Xmx" + maxHeap, "-XX:+UseG1GC"),
                ServiceClasspath.of(application.module()), application.mainClass(), args, env,
                logs.resolve(application.name() + ".log"));
    }

    /** The simulator's instruments, as the CDC service would publish them from PostgreSQL under ./atlas up. */
    private static void publishInstruments(Map<String, Object> client) throws Exception {
        try (KafkaProducer<String, Instrument> producer = new KafkaProducer<>(new HashMap<>(client),
                Topics.INSTRUMENTS.keySerde().serializer(), Topics.INSTRUMENTS.valueSerde().serializer())) {
            for (SimulatedInstrument instrument : SimulatedInstruments.first(SimulatedInstruments.DEFAULT_COUNT)) {
                producer.send(new ProducerRecord<>(Topics.INSTRUMENTS.name(), instrument.symbol(),
                        instrument.toInstrument(Measurement.nowMicros()))).get();
            }
        }
    }

    private static NewTopic topic(String name) {
        return new NewTopic(name, BENCH_PARTITIONS, (short) 1);
    }

    private static String copyIn(int rate) {
        return "bench.copy-in." + rate;
    }

    private static String copyOut(int rate) {
        return "bench.copy-out." + rate;
    }

    private static void step(PrintWriter log, String message) {
        log.printf(Locale.ROOT, "[%s] %s%n", Instant.now().toString().substring(11, 19), message);
        log.flush();
    }

    static Map<String, String> machine() {
        Map<String, String> machine = new LinkedHashMap<>();
        machine.put("cores", Integer.toString(Runtime.getRuntime().availableProcessors()));
        machine.put("memory", memTotal());
        machine.put("java.version", System.getProperty("java.version"));
        machine.put("java.vm", System.getProperty("java.vm.name") + " " + System.getProperty("java.vm.version"));
        machine.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version") + " "
                + System.getProperty("os.arch"));
        machine.put("kafka.clients", org.apache.kafka.common.utils.AppInfoParser.getVersion());
        machine.put("bench.jvm", ManagementFactory.getRuntimeMXBean().getInputArguments().toString());
        return machine;
    }

    private static String memTotal() {
        try {
            return Files.readAllLines(Path.of("/proc/meminfo")).stream().filter(l -> l.startsWith("MemTotal:"))
                    .map(l -> l.substring("MemTotal:".length()).trim()).findFirst().orElse("unknown");
        } catch (IOException e) {
            return "unknown";
        }
    }

    private static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).trim();
        } catch (IOException e) {
            return "unknown";
        }
    }

    private static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }

    /** Parses {@code 20s}, {@code 2m} or an ISO-8601 duration. */
    static final class DurationConverter implements CommandLine.ITypeConverter<Duration> {
        @Override
        public Duration convert(String value) {
            String v = value.trim().toLowerCase(Locale.ROOT);
            if (v.endsWith("ms")) {
                return Duration.ofMillis(Long.parseLong(v.substring(0, v.length() - 2)));
            }
            if (v.endsWith("s")) {
                return Duration.ofSeconds(Long.parseLong(v.substring(0, v.length() - 1)));
            }
            if (v.endsWith("m")) {
                return Duration.ofMinutes(Long.parseLong(v.substring(0, v.length() - 1)));
            }
            return Duration.parse(value);
        }
    }
}
