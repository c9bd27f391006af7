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
 * What a running {@code ./atlas up} left in its run folder for {@code ./atlas status} and {@code ./atlas down}: the
 * launcher's pid, the broker's address and each service's URL. Written atomically, so a reader never sees half.
 */
record RunState(long launcherPid, String bootstrapServers, Map<String, String> endpoints) {

    static final String FILE = "atlas.state";

    RunState {
        endpoints = Map.copyOf(endpoints);
    }

    void write(Path runDir) {
        Properties properties = new Properties();
        properties.setProperty("launcher.pid", Long.toString(launcherPid));
        properties.setProperty("bootstrap.servers", bootstrapServers);
        endpoints.forEach((name, url) -> properties.setProperty("endpoint." + name, url));
        Path tmp = runDir.resolve(FILE + ".tmp");
        try {
            try (Writer writer = Files.newBufferedWriter(tmp)) {
                properties.store(writer, "Written by ./atlas up; removed when it stops");
            }
            Files.move(tmp, runDir.resolve(FILE), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            Files.writeString(runDir.resolve("bootstrap"), bootstrapServers + System.lineSeparator());
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write the run state in " + runDir, e);
        }
    }

    static Optional<RunState> read(Path runDir) {
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
        Map<String, String> endpoints = new LinkedHashMap<>();
        properties.stringPropertyNames().stream().filter(key -> key.startsWith("endpoint.")).sorted()
                .forEach(key -> endpoints.put(key.substring("endpoint.".length()), properties.getProperty(key)));
        return Optional.of(new RunState(Long.parseLong(properties.getProperty("launcher.pid")),
                properties.getProperty("bootstrap.servers"), endpoints));
    }

    static void clear(Path runDir) {
        try {
            Files.deleteIfExists(runDir.resolve(FILE));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot remove the run state in " + runDir, e);
        }
    }

    boolean launcherAlive() {
        return ProcessHandle.of(launcherPid).map(ProcessHandle::isAlive).orElse(false);
    }
}
