package io.atlas.drill.scenario;

import io.atlas.local.kafka.ForkedKafkaCluster;

/** Kills one broker with SIGKILL, leaves it down for a while, starts it again and waits until it is back in sync. */
public final class BrokerKill implements Scenario {

    @Override
    public String name() {
        return "broker-kill";
    }

    @Override
    public String description() {
        return "kill -9 of broker 2, down for the observation time, then its return";
    }

    @Override
    public Goal goal() {
        return Goal.BROKER;
    }

    @Override
    public void run(Drill drill) throws Exception {
        ForkedKafkaCluster.Node broker = drill.cluster().brokers().get(1);
        drill.say().accept("  kill -9 " + broker);
        drill.cluster().kill(broker);
        drill.watch(drill.observe());
        drill.cluster().restart(broker);
        drill.judge().probe(broker + " back");
        drill.cluster().awaitFullyReplicated(Drill.RESYNC_TIMEOUT);
        drill.watch(drill.observe());
    }
}
