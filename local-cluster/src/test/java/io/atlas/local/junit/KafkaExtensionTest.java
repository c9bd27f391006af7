package io.atlas.local.junit;

import io.atlas.local.kafka.ContainerKafka;
import io.atlas.local.kafka.KafkaCluster;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.platform.testkit.engine.EngineTestKit;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

@WithKafka
class KafkaExtensionTest {

    private static KafkaCluster sharedInBeforeAll;

    @BeforeAll
    static void remember(KafkaCluster kafka) {
        sharedInBeforeAll = kafka;
    }

    @Test
    void shouldGiveEveryTestOfTheJvmTheSameBroker(KafkaCluster kafka) {
        assertThat(kafka).isSameAs(sharedInBeforeAll);
    }

    @Test
    void shouldProduceAndConsumeThroughARealBroker(KafkaCluster kafka) throws Exception {
        String topic = KafkaExtension.uniqueTopicName("extension");
        try (Admin admin = kafka.admin()) {
            admin.createTopics(List.of(new NewTopic(topic, 3, (short) 1))).all().get(30, TimeUnit.SECONDS);
        }
        Map<String, Object> producerConfig = new HashMap<>(kafka.clientConfig());
        producerConfig.put(ProducerConfig.ACKS_CONFIG, "all");
        try (KafkaProducer<String, String> producer =
                     new KafkaProducer<>(producerConfig, new StringSerializer(), new StringSerializer())) {
            for (int i = 0; i < 100; i++) {
                producer.send(new ProducerRecord<>(topic, "AAPL", "tick-" + i));
            }
            producer.flush();
        }

        Map<String, Object> consumerConfig = new HashMap<>(kafka.clientConfig());
        consumerConfig.put(ConsumerConfig.GROUP_ID_CONFIG, topic);
        consumerConfig.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        List<String> values = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer =
                     new KafkaConsumer<>(consumerConfig, new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of(topic));
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
                    values.add(record.value());
                }
                return values.size() >= 100;
            });
        }

        assertThat(values).as("one key, one partition: order kept").hasSize(100)
                .startsWith("tick-0", "tick-1").endsWith("tick-99");
    }

    @Test
    void shouldSkipRatherThanFailWhenTestcontainersIsAskedForWithoutDocker() {
        Assumptions.assumeFalse(ContainerKafka.dockerAvailable(), "a Docker daemon answers here");
        String previous = System.getProperty(KafkaExtension.BROKER_PROPERTY);
        System.setProperty(KafkaExtension.BROKER_PROPERTY, "testcontainers");
        try {
            EngineTestKit.engine("junit-jupiter")
                    .selectors(selectClass(NeedsKafka.class))
                    .execute()
                    .containerEvents()
                    .assertStatistics(stats -> stats.aborted(1).failed(0));
        } finally {
            if (previous == null) {
                System.clearProperty(KafkaExtension.BROKER_PROPERTY);
            } else {
                System.setProperty(KafkaExtension.BROKER_PROPERTY, previous);
            }
        }
    }

    /** Run only through {@link EngineTestKit} above; its name keeps Surefire from picking it up on its own. */
    @WithKafka
    static class NeedsKafka {
        @Test
        void usesKafka(KafkaCluster kafka) {
            assertThat(kafka.bootstrapServers()).isNotBlank();
        }
    }
}
