package io.atlas.drill.scenario;

/**
 * Ends one Atlas service and starts it again at once, as Kubernetes restarts a pod: kill -9 (a crash, no shutdown
 * hook) or, for a drain, SIGTERM (its shutdown hook runs: the gateway closes its clients with 1001).
 */
public final class ServiceKill implements Scenario {

    private final String service;
    private final boolean drain;

    public ServiceKill(String service, boolean drain) {
        this.service = service;
        this.drain = drain;
    }

    @Override
    public String name() {
        return (drain ? "drain-" : "kill-") + service;
    }

    @Override
    public String description() {
        return (drain ? "SIGTERM (drain) of " : "kill -9 of ") + service + ", then its restart";
    }

    @Override
    public Goal goal() {
        return Goal.SERVICE;
    }

    @Override
    public void run(Drill drill) throws Exception {
        drill.say().accept("  " + (drain ? "SIGTERM " : "kill -9 ") + service);
        if (drain) {
            drill.pipeline().stop(service);
        } else {
            drill.pipeline().kill(service);
        }
        drill.judge().probe(service + " restarted");
        drill.pipeline().start(service);
        drill.watch(drill.observe());
    }
}
