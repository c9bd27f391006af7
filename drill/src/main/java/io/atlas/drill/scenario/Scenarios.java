package io.atlas.drill.scenario;

import io.atlas.drill.pipeline.Pipeline;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/** Every scenario the drill knows, in the order a full drill runs them. */
public final class Scenarios {

    private Scenarios() {
    }

    public static List<Scenario> all() {
        List<Scenario> all = new ArrayList<>();
        all.add(new Steady());
        all.add(new BrokerRestarts("rolling-restart", Integer.MAX_VALUE));
        all.add(new BrokerRestarts("broker-restart", 1));
        all.add(new BrokerKill());
        for (String service : List.of(Pipeline.BRIDGE, Pipeline.SIMULATOR, Pipeline.SCORER, Pipeline.CDC)) {
            all.add(new ServiceKill(service, false));
        }
        all.add(new ServiceKill(Pipeline.GATEWAY_A, false));
        all.add(new ServiceKill(Pipeline.GATEWAY_B, true));
        all.add(new BrokerPause());
        return all;
    }

    /** The full drill: everything but the single-broker restart, which the rolling restart contains. */
    public static List<String> defaults() {
        return all().stream().map(Scenario::name).filter(name -> !name.equals("broker-restart")).toList();
    }

    /** The full drill and, last, the DR failover ({@code dr-failover}), which ends the primary region. */
    public static List<String> defaultsWithFailover() {
        List<String> names = new ArrayList<>(defaults());
        names.add("dr-failover");
        return names;
    }

    /** The scenarios named, in the order given; an unknown name fails listing the known ones. */
    public static List<Scenario> named(List<String> names) {
        List<Scenario> all = all();
        List<Scenario> chosen = new ArrayList<>();
        for (String name : names) {
            chosen.add(all.stream().filter(s -> s.name().equals(name)).findFirst().orElseThrow(() ->
                    new IllegalArgumentException("No scenario '" + name + "'; known: "
                            + all.stream().map(Scenario::name).collect(Collectors.joining(", ")))));
        }
        return chosen;
    }
}
