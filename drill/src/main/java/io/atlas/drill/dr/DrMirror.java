package io.atlas.drill.dr;

import io.atlas.local.process.ChildJvm;
import io.atlas.local.process.ModuleClasspath;
import io.atlas.strimzi.MirrorResources;

import io.strimzi.api.kafka.model.mirrormaker2.KafkaMirrorMaker2;
import io.strimzi.api.kafka.model.mirrormaker2.KafkaMirrorMaker2MirrorSpec;

import java.io.IOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

/**
 * The DR mirror as the drill runs it: Kafka's MirrorMaker 2 in dedicated mode ({@code
 * org.apache.kafka.connect.mirror.MirrorMaker}) in a JVM of its own, configured from the very
 * {@code KafkaMirrorMaker2} resource that {@code strimzi/} renders for the DR region ({@link MirrorResources#mirror()}):
 * its aliases, topics and groups patterns, its source and checkpoint connectors' settings and task count, its target's
 * internal-topic replication. Only what a laptop cannot have differs: PLAINTEXT on loopback instead of TLS and SCRAM,
 * the two local clusters' addresses, and no heartbeat connector (the resource declares none; dedicated mode would
 * otherwise run one).
 */
public final class DrMirror implements AutoCloseable {

    private static final String MAIN = "org.apache.kafka.connect.mirror.MirrorMaker";

    private final ChildJvm jvm;

    private DrMirror(ChildJvm jvm) {
        this.jvm = jvm;
    }

    /** Writes {@code mm2.properties} in {@code dir} and starts MirrorMaker driving the DR cluster. */
    public static DrMirror start(String primaryBootstrap, String drBootstrap, Path dir, Path logFile)
            throws IOException {
        Files.createDirectories(dir);
        Path file = dir.resolve("mm2.properties");
        Properties properties = new Properties();
        properties.putAll(properties(primaryBootstrap, drBootstrap));
        try (Writer writer = Files.newBufferedWriter(file)) {
            properties.store(writer, "MirrorMaker 2 (dedicated mode) from strimzi's " + MirrorResources.NAME);
        }
        ChildJvm jvm = ChildJvm.start("mirror-maker", List.of("-Xmx384m", "-XX:+UseG1GC"),
                ModuleClasspath.of("drill"), MAIN, List.of(file.toString(), "--clusters", MirrorResources.TARGET_ALIAS),
                Map.of(), logFile);
        return new DrMirror(jvm);
    }

    /** The dedicated-mode settings of the flow {@code primary->dr}, translated from the Strimzi resource. */
    public static Map<String, String> properties(String primaryBootstrap, String drBootstrap) {
        KafkaMirrorMaker2 resource = MirrorResources.mirror();
        KafkaMirrorMaker2MirrorSpec mirror = resource.getSpec().getMirrors().get(0);
        String source = mirror.getSource().getAlias();
        String target = resource.getSpec().getTarget().getAlias();
        String flow = source + "->" + target + ".";
        Map<String, String> settings = new TreeMap<>();
        settings.put("clusters", source + ", " + target);
        settings.put(source + ".bootstrap.servers", primaryBootstrap);
        settings.put(target + ".bootstrap.servers", drBootstrap);
        settings.put(flow + "enabled", "true");
        settings.put(target + "->" + source + ".enabled", "false");
        settings.put(flow + "topics", mirror.getTopicsPattern());
        settings.put(flow + "groups", mirror.getGroupsPattern());
        settings.put(flow + "emit.heartbeats.enabled", "false");
        settings.put(flow + "tasks.max", Integer.toString(mirror.getSourceConnector().getTasksMax()));
        mirror.getSourceConnector().getConfig().forEach((key, value) -> settings.put(flow + key, String.valueOf(value)));
        mirror.getCheckpointConnector().getConfig()
                .forEach((key, value) -> settings.put(flow + key, String.valueOf(value)));
        // The target's Connect worker settings (its internal topics' replication) apply to the DR cluster's worker.
        resource.getSpec().getTarget().getConfig().forEach((key, value) -> settings.put(key, String.valueOf(value)));
        return settings;
    }

    public void ensureAlive(String activity) {
        jvm.ensureAlive(activity);
    }

    public long pid() {
        return jvm.pid();
    }

    /** Stops the mirror with SIGTERM: its tasks commit and end. */
    @Override
    public void close() {
        jvm.close();
    }
}
