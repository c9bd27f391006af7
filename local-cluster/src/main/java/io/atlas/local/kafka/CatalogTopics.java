package io.atlas.local.kafka;

import io.atlas.catalog.Topic;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TopicExistsException;

import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Creates the topics of the catalog on a cluster, as Strimzi's topic operator does in production: the partitions,
 * retention and cleanup policy come from {@link Topic}, never from the caller. Topics that already exist are left
 * as they are, so running it twice is harmless.
 */
public final class CatalogTopics {

    private static final Duration LEADER_TIMEOUT = Duration.ofSeconds(60);

    private CatalogTopics() {
    }

    /**
     * Creates what is missing, with the cluster's default replication factor, and returns once every partition
     * answers as leader.
     */
    public static void create(Admin admin, Collection<? extends Topic<?, ?>> topics) {
        List<NewTopic> requests = topics.stream()
                .map(topic -> new NewTopic(topic.name(), Optional.of(topic.partitions()), Optional.empty())
                        .configs(topic.configs()))
                .toList();
        admin.createTopics(requests).values().forEach((name, future) -> {
            try {
                future.get(30, TimeUnit.SECONDS);
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof TopicExistsException)) {
                    throw new IllegalStateException("Could not create topic " + name, e.getCause());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("Interrupted while creating topic " + name, e);
            } catch (TimeoutException e) {
                throw new IllegalStateException("Timed out creating topic " + name, e);
            }
        });
        awaitLeaders(admin, topics.stream().map(Topic::name).toList());
    }

    /**
     * A new topic is listed before its partitions have taken leadership; an idempotent producer writing in that
     * window can see its first batch refused and a later one accepted, and then fail with an out-of-order sequence.
     * Every partition answering a ListOffsets request closes the window. On a cluster of several brokers the one
     * asked may not know a topic the controller just created yet, so describing it is retried as well.
     */
    private static void awaitLeaders(Admin admin, List<String> names) {
        Instant deadline = Instant.now().plus(LEADER_TIMEOUT);
        Map<TopicPartition, OffsetSpec> partitions = new HashMap<>();
        try {
            while (true) {
                try {
                    if (partitions.isEmpty()) {
                        admin.describeTopics(names).allTopicNames().get(5, TimeUnit.SECONDS).values()
                                .forEach(description -> description.partitions().forEach(partition ->
                                        partitions.put(new TopicPartition(description.name(), partition.partition()),
                                                OffsetSpec.latest())));
                    }
                    admin.listOffsets(partitions).all().get(5, TimeUnit.SECONDS);
                    return;
                } catch (ExecutionException | TimeoutException e) {
                    if (Instant.now().isAfter(deadline)) {
                        throw new IllegalStateException("Partitions of " + names + " have no leader after "
                                + LEADER_TIMEOUT, e);
                    }
                    TimeUnit.MILLISECONDS.sleep(100);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while waiting for leaders of " + names, e);
        }
    }
}
