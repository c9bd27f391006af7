package io.atlas.local.kafka;

import org.testcontainers.DockerClientFactory;
import org.testcontainers.kafka.KafkaContainer;

import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Apache Kafka in a Docker container through Testcontainers: the opt-in path for users who have a Docker daemon
 * ({@code -Datlas.kafka=testcontainers}). The image is the same Kafka version as the Maven jars.
 */
public final class ContainerKafka implements KafkaCluster {

    /** The Apache Kafka image matching the broker jars Atlas pins. */
    public static final String IMAGE = "apache/kafka:4.3.1";

    private final KafkaContainer container;
    private final AtomicBoolean closed = new AtomicBoolean();

    private ContainerKafka(KafkaContainer container) {
        this.container = container;
    }

    /** Whether a Docker daemon answers; callers skip rather than fail when it does not. */
    public static boolean dockerAvailable() {
        try {
            return DockerClientFactory.instance().isDockerAvailable();
        } catch (RuntimeException e) {
            return false;
        }
    }

    public static ContainerKafka start() {
        KafkaContainer container = new KafkaContainer(IMAGE);
        SingleNodeSettings.overrides().forEach((key, value) ->
                container.withEnv("KAFKA_" + key.toUpperCase().replace('.', '_'), value));
        container.start();
        return new ContainerKafka(container);
    }

    @Override
    public String bootstrapServers() {
        return container.getBootstrapServers();
    }

    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            container.stop();
        }
    }

    @Override
    public String toString() {
        return "Testcontainers Kafka " + IMAGE + " at " + bootstrapServers();
    }
}
