package io.atlas.local.kafka;

import java.util.HashMap;
import java.util.Map;

/**
 * Broker settings for a single-node KRaft cluster on a developer's or CI machine, shared by the in-process broker
 * and the broker's own JVM so that tests and the local run see the same broker.
 */
final class SingleNodeSettings {

    private SingleNodeSettings() {
    }

    /**
     * Internal topics need replication factor 1 on one node; the rest keeps the broker small and quick
     * ({@link #smallMachine()}), and no auto-created topics, so that a topic missing from the catalog fails loudly
     * instead of appearing silently.
     */
    static Map<String, String> overrides() {
        Map<String, String> settings = new HashMap<>(smallMachine());
        settings.putAll(Map.ofEntries(
                Map.entry("offsets.topic.replication.factor", "1"),
                Map.entry("transaction.state.log.replication.factor", "1"),
                Map.entry("transaction.state.log.min.isr", "1"),
                Map.entry("share.coordinator.state.topic.replication.factor", "1"),
                Map.entry("share.coordinator.state.topic.min.isr", "1"),
                Map.entry("auto.create.topics.enable", "false"),
                Map.entry("default.replication.factor", "1"),
                Map.entry("min.insync.replicas", "1")));
        return Map.copyOf(settings);
    }

    /**
     * What keeps any local broker small and quick, whatever its replication: 10 partitions for the offsets and
     * transaction state topics (not 50), no rebalance delay for consumer groups, a 16 MB cleaner buffer so the heap
     * fits in 256 MB, one partition for a topic created without a count.
     */
    static Map<String, String> smallMachine() {
        return Map.ofEntries(
                Map.entry("offsets.topic.num.partitions", "10"),
                Map.entry("transaction.state.log.num.partitions", "10"),
                Map.entry("group.initial.rebalance.delay.ms", "0"),
                Map.entry("log.cleaner.dedupe.buffer.size", Integer.toString(16 * 1024 * 1024)),
                Map.entry("num.partitions", "1"));
    }
}
