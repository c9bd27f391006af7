package io.atlas.local.launch;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

/**
 * What a running {@code ./atlas up} left in its run folder for {@code ./atlas status}, {@code ./atlas down} and tools
 * that work against a running Atlas (the load generator, {@code ./atlas admin}): the launcher's pid, the broker's
 * address, the PostgreSQL's URL, each service's health URL and pid, and the WebSocket endpoints. Written atomically,
 * so a reader never sees half; the broker's address and the PostgreSQL's URL also go to the one-line files
 * {@value #BOOTSTRAP_FILE} and {@value #POSTGRES_FILE}, for shells ({@code $(cat .run/bootstrap)}).
 *
 * @param postgresUrl the JDBC URL of the local run's PostgreSQL (ingest-cdc's embedded server), database and role
 *                    {@code atlas}, password {@code atlas}
 * @param endpoints  service name → its readiness URL (its ops port, which also serves {@code /metrics})
 * @param pids       service name → the pid of its JVM
 * @param webSockets service name → its WebSocket endpoint, for the services that have one
 */
public record RunState(long launcherPid, String bootstrapServers, String postgresUrl, Map<String, String> endpoints,
                       Map<String, Long> pids, Map<String, String> webSockets) {

    static final String FILE = "atlas.state";
    static final String BOOTSTRAP_FILE = "bootstrap";
    static final String POSTGRES_FILE = "postgres";

    public RunState {
        endpoints = Map.copyOf(endpoints);
        pids = Map.copyOf(pids);
        webSockets = Map.copyOf(webSockets);
    }

    void write(Path runDir) {
        Properties properties = new Properties();
        properties.setProperty("launcher.pid", Long.toString(launcherPid));
        properties.setProperty("bootstrap.servers", bootstrapServers);
        properties.setProperty("postgres.url", postgresUrl);
        endpoints.forEach((name, url) -> properties.setProperty("endpoint." + name, url));
        pids.forEach((name, pid) -> properties.setProperty("pid." + name, Long.toString(pid)));
        webSockets.forEach((name, url) -> properties.setProperty("websocket." + name, url));
        Path tmp = runDir.resolve(FILE + ".tmp");
        try {
            try (Writer writer = Files.newBufferedWriter(tmp)) {
                properties.store(writer, "Written by ./atlas up; removed when it stops");
            }
            Files.move(tmp, runDir.resolve(FILE), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            Files.writeString(runDir.resolve(BOOTSTRAP_FILE), bootstrapServers + System.lineSeparator());
            Files.writeString(runDir.resolve(POSTGRES_FILE), postgresUrl + System.lineSeparator());
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write the run state in " + runDir, e);
        }
    }

    /** The state a running {@code ./atlas up} left in {@code runDir}, or empty when there is none. */
    public static Optional<RunState> read(Path runDir) {
        Path file = runDir.resolve(FILE);
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(file)) {
            properties.load(reader);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + file, e);
        }
        Map<String, Long> pids = new LinkedHashMap<>();
        byPrefix(properties, "pid.").forEach((name, pid) -> pids.put(name, Long.parseLong(pid)));
        return Optional.of(new RunState(Long.parseLong(properties.getProperty("launcher.pid")),
                properties.getProperty("bootstrap.servers"), properties.getProperty("postgres.url"),
                byPrefix(properties, "endpoint."), pids, byPrefix(properties, "websocket.")));
    }

    private static Map<String, String> byPrefix(Properties properties, String prefix) {
        Map<String, String> values = new LinkedHashMap<>();
        properties.stringPropertyNames().stream().filter(key -> key.startsWith(prefix)).sorted()
                .forEach(key -> values.put(key.substring(prefix.length()), properties.getProperty(key)));
        return values;
    }

    static void clear(Path runDir) {
        try {
            Files.deleteIfExists(runDir.resolve(FILE));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot remove the run state in " + runDir, e);
        }
    }

    public boolean launcherAlive() {
        return ProcessHandle.of(launcherPid).map(ProcessHandle::isAlive).orElse(false);
    }
}
