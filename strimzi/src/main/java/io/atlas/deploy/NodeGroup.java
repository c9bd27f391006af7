package io.atlas.deploy;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * A cluster-autoscaler node group the cluster needs, one per zone: its role and capacity (as node labels and taints
 * that {@link Placement} selects and tolerates), instance types, bounds per zone and what one node offers pods.
 * Together with {@link #AUTOSCALER_FLAGS} and {@link #priorities()} these are the values to give the cluster: Atlas
 * does not create node groups, it states what its pods need from them.
 *
 * @param name the group name in each zone is {@code atlas-<name>-<zone>}
 * @param instanceTypes several same-sized types for spot (more pools, fewer reclaims), one for on-demand
 * @param allocatableMillicpu CPU one node offers pods (its size less system reservations), in millicores
 * @param allocatableMebibytes memory one node offers pods, in MiB
 */
public record NodeGroup(String name, NodeRole role, Capacity capacity, List<String> instanceTypes, int minPerZone,
        int maxPerZone, int allocatableMillicpu, int allocatableMebibytes) {

    /** The cluster autoscaler's pod annotation: may it evict this pod to empty a node? */
    public static final String SAFE_TO_EVICT = "cluster-autoscaler.kubernetes.io/safe-to-evict";

    /** The baseline every pod that must outlive a spot reclaim runs on (minimum replicas, bridge, CDC, tracing). */
    public static final NodeGroup COMPUTE_ON_DEMAND = new NodeGroup("compute-on-demand", NodeRole.COMPUTE,
            Capacity.ON_DEMAND, List.of("m6i.2xlarge"), 1, 2, 7_500, 28_672);

    /** Replicas above the minimum of the scorer and the gateway. */
    public static final NodeGroup COMPUTE_SPOT = new NodeGroup("compute-spot", NodeRole.COMPUTE, Capacity.SPOT,
            List.of("m6i.2xlarge", "m6a.2xlarge", "m5.2xlarge", "m7i.2xlarge"), 0, 3, 7_500, 28_672);

    /** Brokers, controllers, PostgreSQL, Redis: on-demand, larger memory for the page cache. */
    public static final NodeGroup DATA_ON_DEMAND = new NodeGroup("data-on-demand", NodeRole.DATA, Capacity.ON_DEMAND,
            List.of("r6i.4xlarge"), 1, 3, 15_500, 122_880);

    public static final List<NodeGroup> ALL = List.of(COMPUTE_ON_DEMAND, COMPUTE_SPOT, DATA_ON_DEMAND);

    /**
     * The cluster autoscaler's flags: the seed's 10-minute scale-down delay, aggressive scale-up (no delay for new
     * pods), zones kept even, and a spot group that cannot get capacity given up after 5 minutes so the priority
     * expander falls back to on-demand.
     */
    public static final Map<String, String> AUTOSCALER_FLAGS = flags();

    /** The node labels of this group's nodes. */
    public Map<String, String> labels() {
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put(NodeRole.LABEL, role.value());
        labels.put(Capacity.LABEL, capacity.value());
        return labels;
    }

    /** The {@code NoSchedule} taints of this group's nodes, as {@code key=value:NoSchedule}. */
    public List<String> taints() {
        List<String> taints = new ArrayList<>();
        if (role.tainted()) {
            taints.add(NodeRole.LABEL + "=" + role.value() + ":NoSchedule");
        }
        if (capacity.tainted()) {
            taints.add(Capacity.LABEL + "=" + capacity.value() + ":NoSchedule");
        }
        return taints;
    }

    /** The expander priority: spot first for pods that may use it, then on-demand. */
    public int priority() {
        return capacity == Capacity.SPOT ? 50 : 10;
    }

    /** A regular expression matching this group's name in every zone, for the priority expander. */
    public String namePattern() {
        return ".*-" + name + "-.*";
    }

    /** The priority expander's configuration: key {@code priorities} of {@code cluster-autoscaler-priority-expander}. */
    public static String priorities() {
        Map<Integer, List<String>> byPriority = new TreeMap<>(Comparator.reverseOrder());
        ALL.forEach(group -> byPriority.computeIfAbsent(group.priority(), p -> new ArrayList<>())
                .add(group.namePattern()));
        StringBuilder yaml = new StringBuilder();
        byPriority.forEach((priority, patterns) -> {
            yaml.append(priority).append(":\n");
            patterns.forEach(pattern -> yaml.append("  - ").append(pattern).append('\n'));
        });
        return yaml.toString();
    }

    /** The node groups, the autoscaler flags and the priorities as Markdown, for the README. */
    public static String markdown() {
        int zones = Placement.ZONES.size();
        StringBuilder md = new StringBuilder("| node group (one per zone) | labels | taints | instance types | nodes "
                + "per zone | nodes in " + zones + " zones | expander priority |\n|---|---|---|---|---|---|---|\n");
        for (NodeGroup group : ALL) {
            md.append(String.format(Locale.ROOT, "| `atlas-%s-<zone>` | %s | %s | %s | %d–%d | %d–%d | %d |%n",
                    group.name(), group.labels().entrySet().stream().map(e -> "`" + e.getKey() + "=" + e.getValue()
                            + "`").collect(Collectors.joining(" ")),
                    group.taints().isEmpty() ? "–" : group.taints().stream().map(t -> "`" + t + "`")
                            .collect(Collectors.joining(" ")),
                    String.join(", ", group.instanceTypes()), group.minPerZone(), group.maxPerZone(),
                    group.minPerZone() * zones, group.maxPerZone() * zones, group.priority()));
        }
        md.append("\n| cluster-autoscaler flag | value |\n|---|---|\n");
        AUTOSCALER_FLAGS.forEach((flag, value) -> md.append("| `--").append(flag).append("` | `").append(value)
                .append("` |\n"));
        md.append("\n`cluster-autoscaler-priority-expander` ConfigMap (namespace of the autoscaler), key `priorities`:"
                + "\n\n```yaml\n").append(priorities()).append("```\n");
        return md.toString();
    }

    private static Map<String, String> flags() {
        Map<String, String> flags = new LinkedHashMap<>();
        flags.put("expander", "priority,least-waste");
        flags.put("scale-down-delay-after-add", "10m");
        flags.put("scale-down-unneeded-time", "10m");
        flags.put("new-pod-scale-up-delay", "0s");
        flags.put("max-node-provision-time", "5m");
        flags.put("balance-similar-node-groups", "true");
        return Collections.unmodifiableMap(flags);
    }
}
