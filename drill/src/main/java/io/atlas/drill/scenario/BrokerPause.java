package io.atlas.drill.scenario;

import io.atlas.local.kafka.ForkedKafkaCluster;

/**
 * Freezes one broker with SIGSTOP for longer than the session timeouts (the controller fences it, its leaderships
 * and coordinators move; transactional producers that talked to it must be fenced or recover, not linger as
 * zombies), then thaws it and waits until it is back in sync.
 */
public final class BrokerPause implements Scenario {

    @Override
    public String name() {
        return "broker-pause";
    }

    @Override
    public String description() {
        return "SIGSTOP of broker 3 for the pause time (longer than the session timeouts), then SIGCONT";
    }

    @Override
    public Goal goal() {
        return Goal.BROKER;
    }

    @Override
    public void run(Drill drill) throws Exception {
        ForkedKafkaCluster.Node broker = drill.cluster().brokers().get(drill.cluster().brokers().size() - 1);
        drill.say().accept("  SIGSTOP " + broker + " for " + drill.pause().toSeconds() + " s");
        drill.cluster().pause(broker);
        try {
            drill.watch(drill.pause());
        } finally {
            drill.cluster().resume(broker);
        }
        drill.judge().probe(broker + " thawed");
        drill.cluster().awaitFullyReplicated(Drill.RESYNC_TIMEOUT);
        drill.watch(drill.observe());
    }
}
