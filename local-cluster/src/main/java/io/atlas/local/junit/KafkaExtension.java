package io.atlas.local.junit;

import io.atlas.local.kafka.ContainerKafka;
import io.atlas.local.kafka.InProcessKafka;
import io.atlas.local.kafka.KafkaCluster;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Starts one Kafka broker per test JVM, on first use, and closes it when the JUnit engine finishes: the broker lives
 * in the root {@link ExtensionContext.Store}, which closes {@link AutoCloseable} values at the end of the run.
 * Starting a broker costs seconds, so sharing it keeps the suite fast.
 */
public final class KafkaExtension implements BeforeAllCallback, ParameterResolver {

    /** System property choosing the broker: {@code embedded} (default) or {@code testcontainers}. */
    public static final String BROKER_PROPERTY = "atlas.kafka";

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(KafkaExtension.class);
    private static final AtomicLong TOPIC_COUNTER = new AtomicLong();

    @Override
    public void beforeAll(ExtensionContext context) {
        cluster(context);
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == KafkaCluster.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return cluster(context);
    }

    /**
     * A topic name no other test of this JVM uses, so that tests sharing the broker cannot see each other's records.
     */
    public static String uniqueTopicName(String prefix) {
        return prefix + "-" + ProcessHandle.current().pid() + "-" + TOPIC_COUNTER.incrementAndGet();
    }

    private static KafkaCluster cluster(ExtensionContext context) {
        String kind = System.getProperty(BROKER_PROPERTY, "embedded").trim().toLowerCase(Locale.ROOT);
        return switch (kind) {
            case "", "embedded" -> context.getRoot().getStore(NAMESPACE)
                    .getOrComputeIfAbsent("embedded", key -> InProcessKafka.start(), InProcessKafka.class);
            case "testcontainers" -> {
                Assumptions.assumeTrue(ContainerKafka.dockerAvailable(),
                        "-Datlas.kafka=testcontainers asks for Docker, and no Docker daemon answers: skipped");
                yield context.getRoot().getStore(NAMESPACE)
                        .getOrComputeIfAbsent("testcontainers", key -> ContainerKafka.start(), ContainerKafka.class);
            }
            default -> throw new IllegalArgumentException("-D" + BROKER_PROPERTY + "=" + kind
                    + " is not a broker kind: use embedded or testcontainers");
        };
    }
}
