package io.atlas.local.kafka;

import io.atlas.catalog.Topic;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;

import java.util.Collection;
import java.util.List;
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

    private CatalogTopics() {
    }

    /** Creates what is missing, with the cluster's default replication factor. */
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
    }
}
