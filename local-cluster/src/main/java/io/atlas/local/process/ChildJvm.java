package io.atlas.local.process;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A Java program in a JVM of its own (the broker, a service), on the same Java as the launcher, with its output
 * appended to a log file (or, started with {@link #startPiped}, its stdin and stdout left to the caller). It runs in
 * a session of its own when {@code setsid} exists, so that Ctrl-C on the terminal reaches only the launcher, which
 * then stops its children in order. {@link #close()} sends SIGTERM, letting the program's shutdown hooks run, and
 * kills it only if it has not exited in time.
 */
public final class ChildJvm implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ChildJvm.class);
    private static final Path SETSID = Path.of("/usr/bin/setsid");
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);

    private final String name;
    private final Process process;
    private final Path logFile;
    private final boolean piped;
    private final AtomicBoolean closed = new AtomicBoolean();

    private ChildJvm(String name, Process process, Path logFile, boolean piped) {
        this.name = name;
        this.process = process;
        this.logFile = logFile;
        this.piped = piped;
    }

    /**
     * Starts {@code mainClass} with the given JVM options, classpath and arguments.
     *
     * @param name a short name for logs and errors, e.g. {@code kafka}
     * @param env  environment variables added to the launcher's own
     */
    public static ChildJvm start(String name, List<String> jvmOptions, String classpath, String mainClass,
                                 List<String> args, Map<String, String> env, Path logFile) throws IOException {
        ProcessBuilder builder = builder(jvmOptions, classpath, mainClass, args, env, logFile)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()));
        return new ChildJvm(name, builder.start(), logFile, false);
    }

    /**
     * Starts it the same way, except that its stdin and stdout are pipes the caller talks to through {@link #stdin()}
     * and {@link #stdout()}, as a program driven by commands is (only its stderr goes to the log file).
     */
    public static ChildJvm startPiped(String name, List<String> jvmOptions, String classpath, String mainClass,
                                      List<String> args, Map<String, String> env, Path logFile) throws IOException {
        ProcessBuilder builder = builder(jvmOptions, classpath, mainClass, args, env, logFile)
                .redirectError(ProcessBuilder.Redirect.appendTo(logFile.toFile()));
        return new ChildJvm(name, builder.start(), logFile, true);
    }

    private static ProcessBuilder builder(List<String> jvmOptions, String classpath, String mainClass,
                                          List<String> args, Map<String, String> env, Path logFile)
            throws IOException {
        Files.createDirectories(logFile.toAbsolutePath().getParent());
        List<String> command = new ArrayList<>();
        if (Files.isExecutable(SETSID)) {
            command.add(SETSID.toString());
        }
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions);
        command.add("-cp");
        command.add(classpath);
        command.add(mainClass);
        command.addAll(args);
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().putAll(env);
        return builder;
    }

    /** The program's stdin, for a child started by {@link #startPiped}. */
    public OutputStream stdin() {
        requirePiped();
        return process.getOutputStream();
    }

    /** The program's stdout, for a child started by {@link #startPiped}. */
    public InputStream stdout() {
        requirePiped();
        return process.getInputStream();
    }

    private void requirePiped() {
        if (!piped) {
            throw new IllegalStateException(name + " was not started with pipes: its output goes to " + logFile);
        }
    }

    /** Waits for the program to end by itself, as a one-shot tool does; kills it after the timeout. */
    public int awaitExit(Duration timeout) throws InterruptedException {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly();
            throw new IllegalStateException(name + " did not finish within " + timeout + "; see " + logFile);
        }
        return process.exitValue();
    }

    /** Fails with the exit code and the log's location when the program has already ended. */
    public void ensureAlive(String activity) {
        if (!process.isAlive()) {
            throw new IllegalStateException(name + " exited with code " + process.exitValue() + " while "
                    + activity + "; see " + logFile);
        }
    }

    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** Completes with the program's exit code once it has ended, whatever ended it. */
    public CompletableFuture<Integer> onExit() {
        return process.onExit().thenApply(Process::exitValue);
    }

    /**
     * Ends the program at once with SIGKILL, as a crash or an OOM kill would (no shutdown hook runs), and returns
     * once it is gone. A later {@link #close()} does nothing.
     */
    public void kill() throws InterruptedException {
        closed.set(true);
        process.destroyForcibly();
        if (!process.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new IllegalStateException(name + " (pid " + process.pid() + ") survived SIGKILL for " + STOP_TIMEOUT);
        }
    }

    /** Freezes the program with SIGSTOP: it keeps its sockets open but answers nothing, like a stalled host. */
    public void pause() throws InterruptedException {
        signal("STOP");
    }

    /** Thaws a program frozen by {@link #pause()} with SIGCONT. */
    public void resume() throws InterruptedException {
        signal("CONT");
    }

    // Java has no API for SIGSTOP/SIGCONT; the kill(1) of procps sends them.
    private void signal(String signal) throws InterruptedException {
        try {
            Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(process.pid()))
                    .redirectErrorStream(true).start();
            if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
                throw new IllegalStateException("kill -" + signal + " " + process.pid() + " failed: "
                        + new String(kill.getInputStream().readAllBytes()));
            }
        } catch (IOException e) {
            throw new IllegalStateException("Cannot send SIG" + signal + " to " + this, e);
        }
    }

    public Path logFile() {
        return logFile;
    }

    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                log.warn("{} (pid {}) did not stop within {}; killing it", name, process.pid(), STOP_TIMEOUT);
                process.destroyForcibly().waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }

    @Override
    public String toString() {
        return name + " (pid " + process.pid() + ")";
    }
}
