package io.atlas.local.kafka;

import java.util.Map;

/**
 * Broker settings for a single-node KRaft cluster on a developer's or CI machine, shared by the in-process broker
 * and the broker's own JVM so that tests and the local run see the same broker.
 */
final class SingleNodeSettings {

    private SingleNodeSettings() {
    }

    /**
     * Internal topics need replication factor 1 on one node; the rest keeps the broker small and quick:
     * no rebalance delay for consumer groups, a 16 MB cleaner buffer so the heap fits in 256 MB, and no
     * auto-created topics, so that a topic missing from the catalog fails loudly instead of appearing silently.
     */
    static Map<String, String> overrides() {
        return Map.ofEntries(
                Map.entry("offsets.topic.replication.factor", "1"),
                Map.entry("offsets.topic.num.partitions", "10"),
                Map.entry("transaction.state.log.replication.factor", "1"),
                Map.entry("transaction.state.log.min.isr", "1"),
                Map.entry("transaction.state.log.num.partitions", "10"),
                Map.entry("share.coordinator.state.topic.replication.factor", "1"),
                Map.entry("share.coordinator.state.topic.min.isr", "1"),
                Map.entry("group.initial.rebalance.delay.ms", "0"),
                Map.entry("log.cleaner.dedupe.buffer.size", Integer.toString(16 * 1024 * 1024)),
                Map.entry("auto.create.topics.enable", "false"),
                Map.entry("num.partitions", "1"),
                Map.entry("default.replication.factor", "1"),
                Map.entry("min.insync.replicas", "1"));
    }
}
