package io.atlas.perf.gateway;

import io.atlas.catalog.Topics;
import io.atlas.events.MoveDirection;
import io.atlas.events.Prediction;
import io.atlas.gateway.server.GatewayConfig;
import io.atlas.local.kafka.CatalogTopics;
import io.atlas.local.kafka.ForkedKafka;
import io.atlas.local.kafka.FreePort;
import io.atlas.local.process.ChildJvm;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.client.transport.HttpClientTransportOverHTTP;
import org.eclipse.jetty.io.ClientConnector;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;
import org.eclipse.jetty.websocket.client.WebSocketClient;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * Fan-out benchmark: a broker and a gateway each in their own JVM, N concurrent WebSocket clients from one
 * non-blocking Jetty client, every client subscribed to {@code *}, a producer writing predictions at a fixed rate.
 * Reports connections held, data frames delivered per second, latency from the tick's exchange time to client
 * receipt (HdrHistogram), and gateway heap per idle connection (heap used after a full GC, before and after
 * connecting, from jcmd + the gateway's /metrics). Raise {@code ulimit -n} above twice the connections.
 */
@Command(name = "gateway-fanout", mixinStandardHelpOptions = true,
        description = "Measures WebSocket fan-out of the ws-gateway.")
public final class FanOutBenchmark implements Callable<Integer> {

    @Option(names = "--connections", defaultValue = "2000", description = "Concurrent WebSocket clients.")
    int connections;
    @Option(names = "--duration", defaultValue = "30", description = "Seconds of steady production.")
    int durationSeconds;
    @Option(names = "--rate", defaultValue = "200", description = "Predictions produced per second.")
    int rate;
    @Option(names = "--symbols", defaultValue = "100", description = "Distinct symbols produced.")
    int symbols;
    @Option(names = "--atlas-home", defaultValue = ".", description = "The Atlas checkout (ws-gateway/target).")
    Path home;
    @Option(names = "--gateway-heap", defaultValue = "1g", description = "The gateway's -Xmx.")
    String gatewayHeap;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    private final Recorder latency = new Recorder(TimeUnit.SECONDS.toMicros(60), 3);
    private final LongAdder dataFrames = new LongAdder();
    private final AtomicInteger open = new AtomicInteger();

    public static void main(String[] args) {
        System.exit(new CommandLine(new FanOutBenchmark()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        Path work = Files.createTempDirectory("atlas-gateway-bench");
        try (ForkedKafka kafka = ForkedKafka.start(new ForkedKafka.Options(work.resolve("kafka"),
                work.resolve("kafka.log"), 0, "512m", Duration.ofSeconds(90)))) {
            try (Admin admin = kafka.admin()) {
                CatalogTopics.create(admin, List.of(Topics.PREDICTIONS, Topics.PREDICTIONS_LAST));
            }
            int wsPort = FreePort.find();
            int opsPort = FreePort.find();
            Path target = home.resolve("ws-gateway/target");
            String classpath = target.resolve("classes") + ":" + Files.readString(target.resolve("runtime.classpath"))
                    .trim();
            Map<String, String> env = new HashMap<>();
            env.put("ATLAS_KAFKA_BOOTSTRAP", kafka.bootstrapServers());
            env.put("ATLAS_HTTP_PORT", Integer.toString(opsPort));
            env.put(GatewayConfig.PORT, Integer.toString(wsPort));
            env.put(GatewayConfig.AUTH, "none");
            env.put(GatewayConfig.MAX_CONNECTIONS_PER_CLIENT, Integer.toString(connections * 2));
            env.put(GatewayConfig.RATE_LIMIT, "1000000000");
            try (ChildJvm gateway = ChildJvm.start("ws-gateway", List.of("-Xmx" + gatewayHeap, "-XX:+UseG1GC"),
                    classpath, "io.atlas.gateway.server.GatewayMain", List.of(), env, work.resolve("gateway.log"))) {
                awaitReady(opsPort);
                out.printf("broker %s, gateway pid %d ws:%d ops:%d, logs in %s%n", kafka.bootstrapServers(),
                        gateway.pid(), wsPort, opsPort, work);
                out.flush();
                run(out, gateway.pid(), wsPort, opsPort, kafka.bootstrapServers());
            }
        }
        return 0;
    }

    private void run(PrintWriter out, long pid, int wsPort, int opsPort, String bootstrap) throws Exception {
        long heapBefore = heapAfterGc(pid, opsPort);
        ClientConnector connector = new ClientConnector();
        connector.setSelectors(2);
        HttpClient http = new HttpClient(new HttpClientTransportOverHTTP(connector));
        http.setMaxConnectionsPerDestination(connections * 2);
        WebSocketClient client = new WebSocketClient(http);
        client.setIdleTimeout(Duration.ofMinutes(5));
        client.start();
        List<Session> sessions = new ArrayList<>();
        Semaphore inFlight = new Semaphore(200);
        List<CompletableFuture<Session>> futures = new ArrayList<>();
        long connectStart = System.nanoTime();
        URI uri = URI.create("ws://127.0.0.1:" + wsPort + "/ws");
        for (int i = 0; i < connections; i++) {
            inFlight.acquire();
            CompletableFuture<Session> f = client.connect(new Listener(), uri);
            f.whenComplete((s, e) -> inFlight.release());
            futures.add(f);
        }
        int failed = 0;
        for (CompletableFuture<Session> f : futures) {
            try {
                sessions.add(f.get(60, TimeUnit.SECONDS));
            } catch (Exception e) {
                failed++;
            }
        }
        double connectSeconds = (System.nanoTime() - connectStart) / 1e9;
        out.printf("connected %d of %d in %.1f s (%d failed)%n", sessions.size(), connections, connectSeconds, failed);
        long heapIdle = heapAfterGc(pid, opsPort);
        double perConnection = (heapIdle - heapBefore) / (double) Math.max(1, sessions.size());
        out.printf("gateway heap after GC: %.1f MiB before, %.1f MiB with %d idle connections: %.0f bytes each%n",
                heapBefore / 1048576.0, heapIdle / 1048576.0, sessions.size(), perConnection);
        out.flush();

        int n = 0;
        for (Session s : sessions) {
            s.sendText("{\"op\":\"subscribe\",\"id\":\"all\",\"patterns\":[\"*\"]}", Callback.NOOP);
            n++;
        }
        Map<String, Object> settings = new HashMap<>();
        settings.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        settings.put(ProducerConfig.LINGER_MS_CONFIG, 2);
        try (KafkaProducer<String, Prediction> producer = new KafkaProducer<>(settings,
                Topics.PREDICTIONS.keySerde().serializer(), Topics.PREDICTIONS.valueSerde().serializer())) {
            // Warm up 5 s, then measure.
            produce(producer, 5);
            latency.reset();
            dataFrames.reset();
            long start = System.nanoTime();
            long produced = produce(producer, durationSeconds);
            double seconds = (System.nanoTime() - start) / 1e9;
            Thread.sleep(1000); // let in-flight frames land before reading the counters
            long frames = dataFrames.sum();
            Histogram h = latency.getIntervalHistogram();
            out.printf("load: %d connections subscribed to *, %d predictions/s over %d symbols for %d s "
                    + "(%d produced)%n", n, rate, symbols, durationSeconds, produced);
            out.printf("delivered: %d data frames, %.0f msg/s (ideal %d msg/s); connections still open: %d%n",
                    frames, frames / seconds, (long) rate * n, open.get());
            out.printf("latency tick exchange time -> client receipt (ms): p50 %.1f p90 %.1f p99 %.1f p99.9 %.1f "
                            + "max %.1f (n=%d)%n", h.getValueAtPercentile(50) / 1e3, h.getValueAtPercentile(90) / 1e3,
                    h.getValueAtPercentile(99) / 1e3, h.getValueAtPercentile(99.9) / 1e3, h.getMaxValue() / 1e3,
                    h.getTotalCount());
            out.printf("gateway: %s%n", metricLine(opsPort));
            out.flush();
        }
        client.stop();
    }

    private long produce(KafkaProducer<String, Prediction> producer, int seconds) throws InterruptedException {
        long count = 0;
        long start = System.nanoTime();
        long intervalNanos = 1_000_000_000L / rate;
        long end = start + TimeUnit.SECONDS.toNanos(seconds);
        long next = start;
        while (System.nanoTime() < end) {
            long now = System.nanoTime();
            if (now < next) {
                long sleep = next - now;
                if (sleep > 1_000_000) {
                    Thread.sleep(sleep / 1_000_000);
                }
                continue;
            }
            String symbol = "B" + (count % symbols);
            long micros = System.currentTimeMillis() * 1000;
            Prediction p = Prediction.newBuilder().setSymbol(symbol).setVenue("XBEN").setTickSequence(count)
                    .setExchangeTimeMicros(micros).setIngestTimeMicros(micros).setMid(100 + count % 7)
                    .setPredicted(MoveDirection.UP).setPDown(0.2).setPFlat(0.3).setPUp(0.5).setHorizonTicks(10)
                    .setModelId("bench").setModelVersion(1).setShadow(false).setScoreStartMicros(micros)
                    .setScoreEndMicros(micros).build();
            producer.send(new ProducerRecord<>(Topics.PREDICTIONS.name(), symbol, p));
            count++;
            next += intervalNanos;
        }
        producer.flush();
        return count;
    }

    public final class Listener implements Session.Listener.AutoDemanding {
        @Override
        public void onWebSocketOpen(Session session) {
            open.incrementAndGet();
        }

        @Override
        public void onWebSocketText(String text) {
            if (!text.startsWith("{\"op\":\"data\"")) {
                return;
            }
            dataFrames.increment();
            if (text.contains("\"snapshot\":true")) {
                return;
            }
            int at = text.indexOf("\"exchangeTimeMicros\":");
            if (at > 0) {
                long micros = 0;
                for (int i = at + 21; i < text.length(); i++) {
                    char c = text.charAt(i);
                    if (c < '0' || c > '9') {
                        break;
                    }
                    micros = micros * 10 + (c - '0');
                }
                long delay = System.currentTimeMillis() * 1000 - micros;
                latency.recordValue(Math.max(0, Math.min(delay, TimeUnit.SECONDS.toMicros(60))));
            }
        }

        @Override
        public void onWebSocketClose(int statusCode, String reason) {
            open.decrementAndGet();
        }
    }

    private static void awaitReady(int opsPort) throws Exception {
        java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (System.nanoTime() < deadline) {
            try {
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + opsPort
                        + "/health/ready")).build(), HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 200) {
                    return;
                }
            } catch (java.io.IOException e) {
                // not listening yet
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException("the gateway did not become ready");
    }

    /** Gateway heap used after a full GC, from its own jvm_memory_used_bytes{area="heap"}. */
    private static long heapAfterGc(long pid, int opsPort) throws Exception {
        for (int i = 0; i < 2; i++) {
            Process gc = new ProcessBuilder("jcmd", Long.toString(pid), "GC.run").redirectErrorStream(true).start();
            gc.getInputStream().readAllBytes();
            gc.waitFor(60, TimeUnit.SECONDS);
        }
        String metrics = scrape(opsPort);
        double sum = 0;
        for (String line : metrics.split("\n")) {
            if (line.startsWith("jvm_memory_used_bytes") && line.contains("area=\"heap\"")) {
                sum += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        return (long) sum;
    }

    private static String metricLine(int opsPort) throws Exception {
        StringBuilder line = new StringBuilder();
        for (String l : scrape(opsPort).split("\n")) {
            if (l.startsWith("atlas_gateway_updates_conflated_total") || l.startsWith("atlas_gateway_connections")
                    || l.startsWith("atlas_gateway_closes_total") || l.startsWith("atlas_gateway_updates_dropped")) {
                line.append(l.replaceAll("\\{[^}]*application=\"ws-gateway\"[^}]*}", "")).append("; ");
            }
        }
        return line.toString();
    }

    private static String scrape(int opsPort) throws Exception {
        return java.net.http.HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                + opsPort + "/metrics")).build(), HttpResponse.BodyHandlers.ofString()).body();
    }
}
