package io.atlas.perf.bench;

import io.atlas.local.kafka.ForkedKafka;
import io.atlas.local.process.ChildJvm;
import io.atlas.ops.OpsServer;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.RemoveMembersFromConsumerGroupOptions;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * What every stage of one bench run shares: the broker and an admin client on it, where logs go, the step timing and
 * the progress output; starts child JVMs with a GC log each, and reruns a step once when it was disturbed.
 */
final class BenchContext {

    private static final Duration READY_TIMEOUT = Duration.ofMinutes(2);

    private final ForkedKafka kafka;
    private final Admin admin;
    private final Path logs;
    private final Step.Timing timing;
    private final PrintWriter out;
    private final boolean rerunDisturbed;

    BenchContext(ForkedKafka kafka, Admin admin, Path logs, Step.Timing timing, PrintWriter out,
                 boolean rerunDisturbed) {
        this.kafka = kafka;
        this.admin = admin;
        this.logs = logs;
        this.timing = timing;
        this.out = out;
        this.rerunDisturbed = rerunDisturbed;
    }

    /** A child JVM and how to watch it (its pid and GC log). */
    record Child(ChildJvm jvm, ProcessUsage.Watched watched) implements AutoCloseable {
        void ensureAlive(String activity) {
            jvm.ensureAlive(activity);
        }

        @Override
        public void close() {
            jvm.close();
        }
    }

    /** One measurable run of a step, started afresh for a rerun. */
    @FunctionalInterface
    interface Run {
        PhaseResult measure() throws Exception;
    }

    ForkedKafka kafka() {
        return kafka;
    }

    Admin admin() {
        return admin;
    }

    Map<String, Object> client() {
        return Map.of("bootstrap.servers", kafka.bootstrapServers());
    }

    Path logs() {
        return logs;
    }

    Step.Timing timing() {
        return timing;
    }

    PrintWriter out() {
        return out;
    }

    /** Starts {@code mainClass} as a JVM named {@code name} writing its GC log to {@code logs/<name>-gc.log}. */
    Child start(String name, List<String> jvmOptions, String classpath, String mainClass, List<String> args,
                Map<String, String> env) throws IOException {
        return start(name, jvmOptions, classpath, mainClass, args, env, false);
    }

    /** The same, with the JVM's stdin and stdout pipes the bench talks to ({@link ChildJvm#startPiped}). */
    Child startPiped(String name, List<String> jvmOptions, String classpath, String mainClass, List<String> args,
                     Map<String, String> env) throws IOException {
        return start(name, jvmOptions, classpath, mainClass, args, env, true);
    }

    private Child start(String name, List<String> jvmOptions, String classpath, String mainClass, List<String> args,
                        Map<String, String> env, boolean piped) throws IOException {
        Path gcLog = logs.resolve(name + "-gc.log");
        List<String> options = new ArrayList<>(jvmOptions);
        options.add(GcPauses.jvmOption(gcLog));
        Path log = logs.resolve(name + ".log");
        ChildJvm jvm = piped ? ChildJvm.startPiped(name, options, classpath, mainClass, args, env, log)
                : ChildJvm.start(name, options, classpath, mainClass, args, env, log);
        return new Child(jvm, new ProcessUsage.Watched(name, jvm.pid(), gcLog));
    }

    /** Waits until a service answers 200 on its readiness path ({@link OpsServer#READINESS}) at {@code opsPort}. */
    void awaitReady(Child service, int opsPort) throws Exception {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        HttpRequest ready = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + opsPort + OpsServer.READINESS))
                .timeout(Duration.ofSeconds(5)).build();
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        while (true) {
            service.ensureAlive("starting");
            try {
                if (http.send(ready, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // Not listening yet.
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(service.watched().name() + " was not ready within " + READY_TIMEOUT
                        + "; see " + service.jvm().logFile());
            }
            Thread.sleep(200);
        }
    }

    /**
     * The broker and this JVM (the sources and readers, and the rollout bench's WebSocket client), followed by the
     * step's own children.
     */
    List<ProcessUsage.Watched> watched(Child... children) {
        List<ProcessUsage.Watched> watched = new ArrayList<>();
        watched.add(new ProcessUsage.Watched("kafka", kafka.pid(), null));
        watched.add(new ProcessUsage.Watched("bench", ProcessHandle.current().pid(), null));
        for (Child child : children) {
            watched.add(child.watched());
        }
        return watched;
    }

    /**
     * Removes every member of a stopped Kafka Streams application's group: Streams does not leave its group on close,
     * so a restarted instance would otherwise wait for the old member's session to time out before it gets partitions.
     */
    void emptyGroup(String group) {
        try {
            admin.removeMembersFromConsumerGroup(group, new RemoveMembersFromConsumerGroupOptions()).all()
                    .get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            // The group has no member left: nothing to remove.
        }
    }

    /** Runs a step; when other programs disturbed it (and reruns are on), runs it once more and keeps both. */
    List<PhaseResult> withRerun(Run run) throws Exception {
        PhaseResult first = run.measure();
        if (!first.disturbed() || !rerunDisturbed) {
            return List.of(first);
        }
        say(String.format(Locale.ROOT, "  other programs used %.2f cores during that step: running it once more",
                first.otherCpuCores()));
        return List.of(first, run.measure());
    }

    void say(String message) {
        out.printf(Locale.ROOT, "[%s] %s%n", Instant.now().toString().substring(11, 19), message);
        out.flush();
    }
}
