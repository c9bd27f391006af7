package io.atlas.local.kafka;

import io.atlas.catalog.Topic;
import io.atlas.catalog.Topics;
import io.atlas.events.MarketTick;
import io.atlas.local.junit.KafkaExtension;
import io.atlas.local.junit.WithKafka;
import io.atlas.schemas.SampleEvents;
import io.atlas.schemas.serde.UnknownSchemaException;

import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.RecordDeserializationException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * The contracts on a real broker: every Avro topic of the catalog carries its sample record through a producer and a
 * consumer using the catalog's own serdes, and a payload the contract does not know surfaces as a typed error that
 * says where it sits.
 */
@WithKafka
class CatalogOverKafkaTest {

    private static KafkaCluster kafka;

    @BeforeAll
    static void createCatalogTopics(KafkaCluster cluster) {
        kafka = cluster;
        try (Admin admin = kafka.admin()) {
            CatalogTopics.create(admin, Topics.all());
            CatalogTopics.create(admin, Topics.all());
        }
    }

    @Test
    void shouldCarryEveryContractThroughItsCatalogTopic() {
        List<Topic<String, ? extends SpecificRecord>> avroTopics = List.of(Topics.TICKS, Topics.INSTRUMENTS,
                Topics.MODEL_PROPOSALS, Topics.MODEL_RELEASES, Topics.PREDICTIONS, Topics.PREDICTIONS_LAST,
                Topics.PREDICTION_OUTCOMES, Topics.DEAD_LETTERS);
        assertThat(avroTopics).hasSameSizeAs(Topics.all().stream().filter(t -> t.valueSchema() != null).toList());

        for (Topic<String, ? extends SpecificRecord> topic : avroTopics) {
            SpecificRecord sample = SampleEvents.all().stream()
                    .filter(record -> record.getSchema().equals(topic.valueSchema()))
                    .findFirst().orElseThrow();

            assertThat(roundTrip(topic, sample)).as(topic.name()).isEqualTo(sample);
        }
    }

    @Test
    void shouldNameTopicPartitionAndOffsetOfAPayloadOfAnUnknownSchema() throws Exception {
        String topic = KafkaExtension.uniqueTopicName("ticks-poisoned");
        try (Admin admin = kafka.admin()) {
            admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1))).all().get(30, TimeUnit.SECONDS);
        }
        // A well-formed single-object header whose fingerprint belongs to no released MarketTick.
        byte[] poison = {(byte) 0xC3, 0x01, 1, 2, 3, 4, 5, 6, 7, 8, 0};
        RecordMetadata written;
        try (KafkaProducer<String, byte[]> producer =
                     new KafkaProducer<>(kafka.clientConfig(), new StringSerializer(), new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>(topic, "AAPL", Topics.TICKS.valueSerde().serializer()
                    .serialize(topic, SampleEvents.marketTick()))).get();
            written = producer.send(new ProducerRecord<>(topic, "AAPL", poison)).get();
        }

        try (KafkaConsumer<String, MarketTick> consumer = consumer(topic, Topics.TICKS.valueSerde())) {
            consumer.assign(List.of(new TopicPartition(topic, 0)));
            consumer.seekToBeginning(consumer.assignment());
            List<MarketTick> good = new ArrayList<>();
            assertThatThrownBy(() -> {
                while (true) {
                    consumer.poll(Duration.ofMillis(200)).forEach(record -> good.add(record.value()));
                }
            })
                    .isInstanceOfSatisfying(RecordDeserializationException.class, e -> {
                        assertThat(e.topicPartition()).isEqualTo(new TopicPartition(topic, 0));
                        assertThat(e.offset()).isEqualTo(written.offset());
                    })
                    .cause().isInstanceOf(UnknownSchemaException.class).hasMessageContaining(topic);
            assertThat(good).containsExactly(SampleEvents.marketTick());
        }
    }

    private static <V extends SpecificRecord> V roundTrip(Topic<String, V> topic, SpecificRecord sample) {
        Map<String, Object> producerConfig = new HashMap<>(kafka.clientConfig());
        producerConfig.put(ProducerConfig.ACKS_CONFIG, "all");
        try (KafkaProducer<String, V> producer = new KafkaProducer<>(producerConfig, topic.keySerde().serializer(),
                topic.valueSerde().serializer())) {
            producer.send(new ProducerRecord<>(topic.name(), "key-1", sameTypeAs(topic, sample)))
                    .get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError("Could not produce to " + topic.name(), e);
        }
        try (KafkaConsumer<String, V> consumer = consumer(topic.name(), topic.valueSerde())) {
            consumer.subscribe(List.of(topic.name()));
            List<ConsumerRecord<String, V>> received = new ArrayList<>();
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                consumer.poll(Duration.ofMillis(200)).forEach(received::add);
                return !received.isEmpty();
            });
            assertThat(received).singleElement().extracting(ConsumerRecord::key).isEqualTo("key-1");
            return received.get(0).value();
        }
    }

    // The sample was picked by the topic's own schema, so it is of the topic's value class.
    @SuppressWarnings("unchecked")
    private static <V extends SpecificRecord> V sameTypeAs(Topic<String, V> topic, SpecificRecord sample) {
        return (V) sample;
    }

    private static <V> KafkaConsumer<String, V> consumer(String topic, Serde<V> values) {
        Map<String, Object> config = new HashMap<>(kafka.clientConfig());
        config.put(ConsumerConfig.GROUP_ID_CONFIG, KafkaExtension.uniqueTopicName(topic));
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        return new KafkaConsumer<>(config, Topics.TICKS.keySerde().deserializer(), values.deserializer());
    }
}
