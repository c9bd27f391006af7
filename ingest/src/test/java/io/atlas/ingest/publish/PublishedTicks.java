package io.atlas.ingest.publish;

import io.atlas.catalog.Topic;
import io.atlas.events.MarketTick;
import io.atlas.local.junit.KafkaExtension;
import io.atlas.local.kafka.KafkaCluster;
import io.atlas.schemas.serde.ContractSerdes;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.Serdes;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.awaitility.Awaitility.await;

/** Test support: a ticks topic of a test's own on the shared broker, and reading back everything on it. */
public final class PublishedTicks {

    private PublishedTicks() {
    }

    /** A new, empty topic shaped like the catalog's ticks topic, with {@code partitions} partitions. */
    public static Topic<String, MarketTick> createTopic(KafkaCluster kafka, String prefix, int partitions)
            throws Exception {
        String name = KafkaExtension.uniqueTopicName(prefix);
        try (Admin admin = kafka.admin()) {
            admin.createTopics(List.of(new NewTopic(name, partitions, (short) 1))).all().get();
            awaitLeaders(admin, name);
        }
        return Topic.builder(name, Serdes.String(), ContractSerdes.marketTick())
                .description("test ticks").key("symbol").partitions(partitions).deleteAfter(Duration.ofDays(1))
                .build();
    }

    /**
     * Waits until every partition of {@code topic} has a leader. The controller confirms a new topic before the
     * broker acts as its leader; an idempotent producer's first batch can then meet NOT_LEADER while a later batch
     * of the same partition is accepted first, which the broker then refuses as OUT_OF_ORDER_SEQUENCE for good.
     */
    public static void awaitLeaders(Admin admin, String topic) {
        // ListOffsets is answered only by a partition's leader that knows it is one.
        await().atMost(Duration.ofSeconds(60)).ignoreExceptions().until(() -> {
            int partitions = admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic)
                    .partitions().size();
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            for (int p = 0; p < partitions; p++) {
                latest.put(new TopicPartition(topic, p), OffsetSpec.latest());
            }
            return admin.listOffsets(latest).all().get().size() == partitions;
        });
    }

    /** Reads {@code topic} from the start until {@code expected} records arrived; fails after 60 s. */
    public static List<ConsumerRecord<String, MarketTick>> readAll(KafkaCluster kafka, Topic<String, MarketTick> topic,
                                                                   int expected) {
        Map<String, Object> settings = new HashMap<>(kafka.clientConfig());
        settings.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        settings.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        settings.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        List<ConsumerRecord<String, MarketTick>> records = new ArrayList<>();
        try (KafkaConsumer<String, MarketTick> consumer = new KafkaConsumer<>(settings,
                topic.keySerde().deserializer(), topic.valueSerde().deserializer())) {
            Set<TopicPartition> partitions = IntStream.range(0, topic.partitions())
                    .mapToObj(p -> new TopicPartition(topic.name(), p)).collect(Collectors.toSet());
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Instant deadline = Instant.now().plusSeconds(60);
            while (records.size() < expected) {
                if (Instant.now().isAfter(deadline)) {
                    throw new AssertionError("Only " + records.size() + " of " + expected + " records on "
                            + topic.name() + " after 60 s");
                }
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
            }
            // Anything beyond the expected count is a duplicate or a stray: read a little more to catch it.
            consumer.poll(Duration.ofMillis(500)).forEach(records::add);
        }
        return records;
    }

    /**
     * Checks what every tick publisher promises: each symbol in one partition, in offset order numbered consecutively.
     *
     * @return the number of ticks seen per symbol
     */
    public static Map<String, Long> assertOrderedAndGapFree(List<ConsumerRecord<String, MarketTick>> records) {
        Map<String, Integer> partitionOf = new HashMap<>();
        Map<String, Long> firstSequence = new HashMap<>();
        Map<String, Long> lastSequence = new HashMap<>();
        List<ConsumerRecord<String, MarketTick>> byOffset = new ArrayList<>(records);
        byOffset.sort((a, b) -> a.partition() != b.partition() ? Integer.compare(a.partition(), b.partition())
                : Long.compare(a.offset(), b.offset()));
        for (ConsumerRecord<String, MarketTick> record : byOffset) {
            String symbol = record.value().getSymbol().toString();
            if (!symbol.equals(record.key())) {
                throw new AssertionError("Key " + record.key() + " differs from symbol " + symbol);
            }
            Integer partition = partitionOf.putIfAbsent(symbol, record.partition());
            if (partition != null && partition != record.partition()) {
                throw new AssertionError(symbol + " is in partitions " + partition + " and " + record.partition());
            }
            long sequence = record.value().getSequence();
            Long previous = lastSequence.get(symbol);
            if (previous == null ? sequence < 1 : sequence != previous + 1) {
                throw new AssertionError(symbol + " at offset " + record.offset() + " has sequence " + sequence
                        + (previous == null ? ", not positive" : ", expected " + (previous + 1)));
            }
            firstSequence.putIfAbsent(symbol, sequence);
            lastSequence.put(symbol, sequence);
        }
        Map<String, Long> counts = new HashMap<>();
        lastSequence.forEach((symbol, last) -> counts.put(symbol, last - firstSequence.get(symbol) + 1));
        return counts;
    }
}
