package io.atlas.perf.bench;

import io.atlas.perf.wsload.ControlProtocol;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.HdrHistogram.Histogram;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The bench's end of the load generator's control mode ({@link ControlProtocol}): writes one command a line and waits
 * a bounded time for its one JSON answer, read by a thread of its own, so that a load generator that stops answering
 * or ends (its stdout closes) fails the wait instead of hanging the bench. Remembers whether an answer said some
 * connections had closed (a connection once closed stays so: every later answer says so too).
 */
final class LoadGenControl {

    /** What the window counted so far: the live updates, and their tick → receipt latency in microseconds. */
    record SoFar(long updates, Histogram latency) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    // The reader thread's last word: stdout ended (the program exited) or could not be read.
    private static final String ENDED = "";

    private final BlockingQueue<String> answers = new LinkedBlockingQueue<>();
    private final Writer commands;
    private final String source;
    private final Duration timeout;
    private volatile String closed;

    /**
     * @param answers  the load generator's stdout
     * @param commands its stdin
     * @param source   what it is and where its log is, for errors, e.g. {@code loadgen (see logs/loadgen.log)}
     * @param timeout  how long an answer may take
     */
    LoadGenControl(Reader answers, Writer commands, String source, Duration timeout) {
        this.commands = commands;
        this.source = source;
        this.timeout = timeout;
        Thread reader = new Thread(() -> read(new BufferedReader(answers)), "loadgen-answers");
        reader.setDaemon(true);
        reader.start();
    }

    private void read(BufferedReader lines) {
        try {
            String line;
            while ((line = lines.readLine()) != null) {
                // The JVM writes its own warnings (unified logging) to stdout: only JSON objects are answers.
                if (line.startsWith("{")) {
                    answers.add(line);
                }
            }
        } catch (IOException e) {
            // An unreadable stdout ends the answers as a closed one does: the next wait says so.
        }
        answers.add(ENDED);
    }

    /** Waits up to {@code within} for the first line and fails unless it holds all {@code clients} connections. */
    void awaitReady(int clients, Duration within) {
        JsonNode ready = answer("ready line", within);
        int held = ready.path(ControlProtocol.HELD).asInt();
        if (!ready.path(ControlProtocol.READY).asBoolean() || held != clients) {
            throw new IllegalStateException(source + " holds " + held + " of " + clients + " WebSocket connections "
                    + "after connecting: " + ready);
        }
    }

    /** Opens a window. */
    void open() {
        ask(ControlProtocol.OPEN);
    }

    /** What the window counted so far; it goes on. */
    SoFar peek() {
        JsonNode answer = ask(ControlProtocol.PEEK);
        return new SoFar(answer.path(ControlProtocol.UPDATES).asLong(),
                ControlProtocol.decode(answer.path(ControlProtocol.TICK_LATENCY_HISTOGRAM).asText()));
    }

    /** Tells it to close its clients and exit; it answers nothing. */
    void quit() {
        send(ControlProtocol.QUIT);
    }

    /** Throws when the last answer about the connections said some had closed. */
    void ensureNoneClosed() {
        if (closed != null) {
            throw new IllegalStateException(source + ": WebSocket connections closed, by close code: " + closed);
        }
    }

    private JsonNode ask(String command) {
        send(command);
        JsonNode answer = answer("answer to '" + command + "'", timeout);
        if (answer.has(ControlProtocol.ERROR)) {
            throw new IllegalStateException(source + " refused '" + command + "': "
                    + answer.path(ControlProtocol.ERROR).asText());
        }
        return answer;
    }

    private void send(String command) {
        try {
            commands.write(command + "\n");
            commands.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("could not send '" + command + "' to " + source, e);
        }
    }

    /** The next answer, {@code what} it is for errors. */
    private JsonNode answer(String what, Duration within) {
        String line;
        try {
            line = answers.poll(within.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted waiting for the " + what + " of " + source, e);
        }
        if (line == null) {
            throw new IllegalStateException(source + " gave no " + what + " within " + within);
        }
        if (line.equals(ENDED)) {
            // Left for the next wait, which fails the same way.
            answers.add(ENDED);
            throw new IllegalStateException(source + " ended before its " + what);
        }
        JsonNode answer = parse(line);
        Optional.ofNullable(answer.get(ControlProtocol.CLOSES)).filter(closes -> !closes.isEmpty())
                .ifPresent(closes -> closed = closes.toString());
        return answer;
    }

    private JsonNode parse(String line) {
        try {
            return JSON.readTree(line);
        } catch (IOException e) {
            throw new IllegalStateException(source + " answered with broken JSON: " + line, e);
        }
    }
}
