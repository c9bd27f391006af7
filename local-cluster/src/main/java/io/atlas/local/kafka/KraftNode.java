package io.atlas.local.kafka;

import io.atlas.local.process.ChildJvm;

import java.io.IOException;
import java.io.InputStream;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * How a KRaft node (broker, controller or both) runs from the Kafka jars Maven resolved for this module, in a JVM of
 * its own: its {@code server.properties}, its storage formatted with {@code kafka.tools.StorageTool format}, then
 * {@code kafka.Kafka}. Shared by the single-node broker and the multi-node cluster.
 */
final class KraftNode {

    private static final Duration FORMAT_TIMEOUT = Duration.ofSeconds(60);

    private KraftNode() {
    }

    /** The node's JVM options: a fixed heap, G1 with short pauses, and its log4j2 file in {@code dir}. */
    static List<String> jvmOptions(Path dir, String heap) throws IOException {
        Path log4j = dir.resolve("log4j2.properties");
        try (InputStream in = KraftNode.class.getResourceAsStream("broker-log4j2.properties")) {
            if (in == null) {
                throw new IllegalStateException("Missing resource broker-log4j2.properties next to " + KraftNode.class);
            }
            Files.copy(in, log4j, StandardCopyOption.REPLACE_EXISTING);
        }
        return List.of("-Xms" + heap, "-Xmx" + heap, "-XX:+UseG1GC", "-XX:MaxGCPauseMillis=20",
                "-Djava.awt.headless=true",
                // Keep logging until Kafka's own shutdown hook has finished its controlled shutdown.
                "-Dlog4j2.shutdownHookEnabled=false",
                "-Dlog4j2.configurationFile=" + log4j.toAbsolutePath());
    }

    /** Writes {@code settings} as {@code dir/server.properties}. */
    static Path writeProperties(Path dir, Map<String, String> settings, String comment) throws IOException {
        Properties properties = new Properties();
        properties.putAll(settings);
        Path file = dir.resolve("server.properties");
        try (Writer writer = Files.newBufferedWriter(file)) {
            properties.store(writer, comment);
        }
        return file;
    }

    /** Formats the node's log directories for cluster {@code clusterId}; fails naming the log on a non-zero exit. */
    static void format(String clusterId, Path serverProperties, List<String> jvmOptions, Path logFile)
            throws IOException, InterruptedException {
        List<String> format = List.of("format", "-t", clusterId, "-c", serverProperties.toString());
        try (ChildJvm formatter = ChildJvm.start("kafka-storage-format", jvmOptions, classpath(),
                "kafka.tools.StorageTool", format, Map.of(), logFile)) {
            int exit = formatter.awaitExit(FORMAT_TIMEOUT);
            if (exit != 0) {
                throw new IllegalStateException("Formatting the storage of " + serverProperties
                        + " failed with exit code " + exit + "; see " + logFile);
            }
        }
    }

    /** Starts {@code kafka.Kafka} on formatted storage. */
    static ChildJvm start(String name, List<String> jvmOptions, Path serverProperties, Path logFile)
            throws IOException {
        return ChildJvm.start(name, jvmOptions, classpath(), "kafka.Kafka", List.of(serverProperties.toString()),
                Map.of(), logFile);
    }

    private static String classpath() {
        return System.getProperty("java.class.path");
    }
}
