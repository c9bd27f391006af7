package io.atlas.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A clone alone is complete: the schemas come from this module's classpath, in its build folder or its jar. */
class SchemaFolderTest {

    private static final List<String> RENDERED_KINDS = List.of(
            "kafka.strimzi.io/v1beta2 Kafka", "kafka.strimzi.io/v1beta2 KafkaNodePool",
            "kafka.strimzi.io/v1beta2 KafkaMirrorMaker2", "kafka.strimzi.io/v1 KafkaTopic",
            "kafka.strimzi.io/v1 KafkaUser", "keda.sh/v1alpha1 ScaledObject", "keda.sh/v1alpha1 TriggerAuthentication",
            "monitoring.coreos.com/v1 PrometheusRule", "monitoring.coreos.com/v1 ServiceMonitor",
            "monitoring.coreos.com/v1 PodMonitor", "v1 ConfigMap", "v1 Service", "apps/v1 Deployment",
            "policy/v1 PodDisruptionBudget", "networking.k8s.io/v1 NetworkPolicy", "apps/v1 StatefulSet",
            "v1 PersistentVolumeClaim", "batch/v1 CronJob", "autoscaling.k8s.io/v1 VerticalPodAutoscaler");

    @Test
    void shouldResolveTheCarriedSchemasWhenNoFolderIsGiven() {
        Path folder = SchemaFolder.locate();

        assertThat(folder).endsWith(Path.of(SchemaFolder.RESOURCE));
        assertThat(folder.toString()).doesNotContain("shared");
        assertThat(StrictSchemas.load(folder).kinds()).containsAll(RENDERED_KINDS);
    }

    @Test
    void shouldReadTheCarriedSchemasFromTheModulesJar(@TempDir Path temp) throws IOException {
        Path jar = jarOf(SchemaFolder.locate(), temp.resolve("strimzi.jar"));

        try (URLClassLoader loader = new URLClassLoader(new URL[] {jar.toUri().toURL()}, null)) {
            Path folder = SchemaFolder.carried(loader);

            assertThat(folder.getFileSystem().provider().getScheme()).isEqualTo("jar");
            assertThat(StrictSchemas.load(folder).kinds()).containsAll(RENDERED_KINDS);
        }
    }

    /** Packs the carried schema files under their resource path, as Maven's jar plugin does. */
    private static Path jarOf(Path schemas, Path jar) throws IOException {
        try (OutputStream file = Files.newOutputStream(jar); JarOutputStream out = new JarOutputStream(file);
                Stream<Path> files = Files.walk(schemas)) {
            for (Path source : files.filter(Files::isRegularFile).toList()) {
                out.putNextEntry(new JarEntry(SchemaFolder.RESOURCE + "/" + schemas.relativize(source)));
                Files.copy(source, out);
                out.closeEntry();
            }
        }
        return jar;
    }
}
