package io.atlas.drill.pipeline;

import io.atlas.local.launch.ServiceProcess;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Keeps a region's services running as the kubelet keeps a pod's containers: a service that exits on its own is
 * counted and started again, at once the first time and then after a back-off ({@link RestartBackoff}). An exit is
 * the service's own only if its process is still the one running under its name: the drill takes a service out
 * ({@link #take}, {@link #takeAll}) before it kills or stops it, under the same lock, so what the drill ends is
 * never mistaken for a crash, however late the exit is noticed.
 */
final class Supervisor implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Supervisor.class);

    /** Starts a service's JVM, without waiting for it to be ready. */
    interface Launcher {
        ServiceProcess launch(String name) throws IOException;
    }

    /**
     * A supervised service's exit.
     *
     * @param unexpected whether it exited on its own (the drill neither killed nor stopped it)
     * @param restartIn  for an unexpected exit, how long until it is started again; zero otherwise
     */
    record Exit(String service, int code, Path logFile, boolean unexpected, Duration restartIn) {
    }

    private final Launcher launcher;
    private final Consumer<Exit> exits;
    private final ScheduledExecutorService restarts = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "drill-service-restarts");
        thread.setDaemon(true);
        return thread;
    });
    // All guarded by this.
    private final Map<String, ServiceProcess> running = new LinkedHashMap<>();
    // A service waiting for its restart, by the token its scheduled restart holds: taking the service, or starting
    // it by hand, drops the token and the scheduled restart then does nothing.
    private final Map<String, Object> pendingRestarts = new HashMap<>();
    private final Map<String, RestartBackoff> backoffs = new HashMap<>();
    private final Map<String, Long> unexpectedExits = new TreeMap<>();
    private boolean closed;

    /** @param exits told of every exit of a supervised service, after it is counted and its restart scheduled */
    Supervisor(Launcher launcher, Consumer<Exit> exits) {
        this.launcher = launcher;
        this.exits = exits;
    }

    /** Starts a service and supervises it from now on. */
    synchronized ServiceProcess launch(String name) throws IOException {
        if (closed) {
            throw new IllegalStateException("Cannot start " + name + ": the services are being stopped");
        }
        if (running.containsKey(name)) {
            throw new IllegalStateException(name + " is already running");
        }
        pendingRestarts.remove(name);
        ServiceProcess process = launcher.launch(name);
        running.put(name, process);
        notifyAll();
        process.onExit().thenAccept(code -> exited(name, process, code));
        return process;
    }

    /**
     * Takes a service out of supervision before the drill ends it: its exit will not count as its own. Returns null
     * when it was waiting for a restart after exiting on its own, which is then cancelled: nothing is left to end.
     */
    synchronized ServiceProcess take(String name) {
        ServiceProcess process = running.remove(name);
        if (process == null && pendingRestarts.remove(name) == null) {
            throw new IllegalStateException(name + " is not running");
        }
        return process;
    }

    /** Takes every service out of supervision, cancelling pending restarts, as losing the region does. */
    synchronized List<ServiceProcess> takeAll() {
        List<ServiceProcess> all = new ArrayList<>(running.values());
        running.clear();
        pendingRestarts.clear();
        return all;
    }

    /** The process running under {@code name} now, or null (never started, ended, or waiting for its restart). */
    synchronized ServiceProcess running(String name) {
        return running.get(name);
    }

    /**
     * Waits until {@code previous}, which exited on its own, has been replaced by a restarted process, and returns
     * that process.
     */
    synchronized ServiceProcess awaitRestart(String name, ServiceProcess previous, Duration timeout)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        ServiceProcess current = running.get(name);
        while (current == null || current == previous) {
            long left = deadline - System.nanoTime();
            if (closed || left <= 0 || (current == null && !pendingRestarts.containsKey(name))) {
                throw new IllegalStateException(name + " was not restarted within " + timeout + "; see "
                        + previous.logFile());
            }
            TimeUnit.NANOSECONDS.timedWait(this, left);
            current = running.get(name);
        }
        return current;
    }

    /** How many times each service exited on its own since the start (services that never did are absent). */
    synchronized Map<String, Long> unexpectedExits() {
        return Collections.unmodifiableMap(new TreeMap<>(unexpectedExits));
    }

    private void exited(String name, ServiceProcess process, int code) {
        Exit exit;
        synchronized (this) {
            if (running.get(name) != process) {
                exit = new Exit(name, code, process.logFile(), false, Duration.ZERO);
            } else {
                running.remove(name);
                unexpectedExits.merge(name, 1L, Long::sum);
                Duration delay = backoffs.computeIfAbsent(name, n -> new RestartBackoff()).next(System.nanoTime());
                exit = new Exit(name, code, process.logFile(), true, delay);
                // Closing takes every service out first, under this lock: nothing running is left to restart then.
                Object token = new Object();
                pendingRestarts.put(name, token);
                restarts.schedule(() -> restart(name, token), delay.toMillis(), TimeUnit.MILLISECONDS);
                notifyAll();
            }
        }
        exits.accept(exit);
    }

    private synchronized void restart(String name, Object token) {
        if (pendingRestarts.get(name) != token) {
            return;
        }
        try {
            launch(name);
        } catch (IOException | RuntimeException e) {
            pendingRestarts.remove(name);
            notifyAll();
            log.error("Could not restart {}; it stays down", name, e);
        }
    }

    /** Stops every service, newest first, with SIGTERM (killing what does not stop in time); nothing restarts. */
    @Override
    public void close() {
        List<ServiceProcess> all;
        synchronized (this) {
            closed = true;
            all = takeAll();
            notifyAll();
        }
        restarts.shutdownNow();
        Collections.reverse(all);
        all.forEach(ServiceProcess::close);
    }
}
