package io.atlas.drill.scenario;

import io.atlas.local.kafka.ForkedKafkaCluster;

import java.util.List;

/**
 * Restarts brokers one at a time as Strimzi rolls them: SIGTERM (Kafka's controlled shutdown moves leadership away
 * first), wait for the exit, start it again on its storage, then wait until no partition is under-replicated before
 * the next broker.
 */
public final class BrokerRestarts implements Scenario {

    private final String name;
    private final int brokers;

    /** @param brokers how many brokers to roll, from the first: all of them for a rolling restart */
    public BrokerRestarts(String name, int brokers) {
        this.name = name;
        this.brokers = brokers;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String description() {
        return brokers == 1 ? "controlled restart (SIGTERM) of broker 1, then its return"
                : "rolling restart: controlled shutdown (SIGTERM) and return of every broker, one at a time, waiting "
                        + "for under-replicated partitions to clear between brokers";
    }

    @Override
    public Goal goal() {
        return Goal.BROKER;
    }

    @Override
    public void run(Drill drill) throws Exception {
        List<ForkedKafkaCluster.Node> nodes = drill.cluster().brokers();
        for (ForkedKafkaCluster.Node broker : nodes.subList(0, Math.min(brokers, nodes.size()))) {
            drill.say().accept("  stopping " + broker + " (controlled shutdown)");
            drill.cluster().stop(broker);
            drill.cluster().restart(broker);
            drill.judge().probe(broker + " back");
            drill.say().accept("  " + broker + " is back; waiting for every partition to be in sync");
            drill.cluster().awaitFullyReplicated(Drill.RESYNC_TIMEOUT);
        }
        drill.watch(drill.observe());
    }
}
