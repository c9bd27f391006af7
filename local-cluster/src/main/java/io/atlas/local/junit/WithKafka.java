package io.atlas.local.junit;

import org.junit.jupiter.api.extension.ExtendWith;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Gives a test class a real Kafka broker, shared by every test class of the test JVM: declare a
 * {@link io.atlas.local.kafka.KafkaCluster} parameter on a test, lifecycle method or constructor to receive it.
 *
 * <p>By default the broker is an in-process single-node KRaft cluster from Kafka's test kit. With
 * {@code -Datlas.kafka=testcontainers} it is Testcontainers' Kafka instead, and the class is skipped when no Docker
 * daemon answers. Tests share the broker, so each uses topic names of its own
 * ({@link KafkaExtension#uniqueTopicName(String)}).
 */
@Documented
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@ExtendWith(KafkaExtension.class)
public @interface WithKafka {
}
