package io.atlas.perf.bench;

import io.atlas.ingest.simulate.SimulatedInstruments;
import io.atlas.local.process.ModuleClasspath;
import io.atlas.perf.wsload.ControlProtocol;
import io.atlas.perf.wsload.LoadGenCommand;

import org.HdrHistogram.Histogram;

import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The pipeline runs' WebSocket clients: the load generator ({@code ./atlas loadgen --control}) in a JVM of its own,
 * its clients subscribed to every symbol of the bench's gateway, driven through its stdin and stdout
 * ({@link LoadGenControl}). A window opens with {@code open} and is read with {@code peek}. Being a process of its own,
 * the clients' CPU, memory and GC pauses are a row of the step's processes ({@value #NAME}), not part of the bench's.
 */
final class LoadGenClients implements AutoCloseable {

    /** Its name among the step's processes, and of its log ({@code logs/loadgen.log}). */
    static final String NAME = "loadgen";
    // Starting the JVM, connecting and every subscription answered (the load generator's own limit is 120 s each).
    private static final Duration READY_TIMEOUT = Duration.ofMinutes(5);
    private static final Duration ANSWER_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration QUIT_TIMEOUT = Duration.ofSeconds(30);
    // The simulator's instruments: S0001.. (SimulatedInstruments), as many as the bench publishes and simulates.
    private static final String SYMBOL_PREFIX = "S";

    private final BenchContext.Child child;
    private final LoadGenControl control;
    private final int count;
    private long frames;

    private LoadGenClients(BenchContext.Child child, LoadGenControl control, int count) {
        this.child = child;
        this.control = control;
        this.count = count;
    }

    /**
     * Starts the load generator with {@code clients} clients of the gateway at {@code webSocket} (whose process is
     * {@code gatewayPid}) and returns once every client is connected and subscribed.
     */
    static LoadGenClients start(BenchContext bench, URI webSocket, int clients, long gatewayPid) throws Exception {
        List<String> args = List.of("--control", "--url", webSocket.toString(), "--clients", Integer.toString(clients),
                "--mix", "all=1", "--symbol-prefix", SYMBOL_PREFIX,
                "--symbols", Integer.toString(SimulatedInstruments.DEFAULT_COUNT),
                "--gateway-pid", Long.toString(gatewayPid), "--no-heap");
        BenchContext.Child child = bench.startPiped(NAME, List.of("-Xmx256m", "-XX:+UseG1GC",
                        "-Dlog4j2.configurationFile=" + ControlProtocol.LOG_CONFIG),
                ModuleClasspath.of("perf"), LoadGenCommand.class.getName(), args, Map.of());
        try {
            LoadGenControl control = new LoadGenControl(
                    new InputStreamReader(child.jvm().stdout(), StandardCharsets.UTF_8),
                    new OutputStreamWriter(child.jvm().stdin(), StandardCharsets.UTF_8),
                    NAME + " (see " + child.jvm().logFile() + ")", ANSWER_TIMEOUT);
            control.awaitReady(clients, READY_TIMEOUT);
            return new LoadGenClients(child, control, clients);
        } catch (RuntimeException e) {
            child.close();
            throw e;
        }
    }

    /** Its process, to be watched with the step's others. */
    BenchContext.Child child() {
        return child;
    }

    /** How many clients there are. */
    int count() {
        return count;
    }

    /** Starts a new window: what was recorded so far is dropped. */
    void reset() {
        control.open();
        frames = 0;
    }

    /**
     * Asks for the window so far. Without batching (not asked for) the gateway sends one live update per frame, so the
     * live updates are the live frames {@link #frames()} counts; the load generator's own frame count also holds
     * snapshot frames. Returns the tick → receipt latency since the last {@link #reset()}, merged across clients, in
     * microseconds.
     */
    Histogram soFar() {
        LoadGenControl.SoFar soFar = control.peek();
        frames = soFar.updates();
        return soFar.latency();
    }

    /** Live updates received by all clients, as of the last {@link #soFar()}. */
    long frames() {
        return frames;
    }

    /** Throws if the load generator died or a client was closed. */
    void ensureAlive() {
        child.ensureAlive("holding WebSocket clients");
        control.ensureNoneClosed();
    }

    /** Tells it to quit, waits for it to exit, and stops it if it does not. */
    @Override
    public void close() throws InterruptedException {
        try {
            if (child.jvm().isAlive()) {
                control.quit();
                child.jvm().awaitExit(QUIT_TIMEOUT);
            }
        } finally {
            child.close();
        }
    }
}
