package io.atlas.deploy;

import io.fabric8.kubernetes.api.model.Affinity;
import io.fabric8.kubernetes.api.model.AffinityBuilder;
import io.fabric8.kubernetes.api.model.NodeSelectorRequirement;
import io.fabric8.kubernetes.api.model.NodeSelectorRequirementBuilder;
import io.fabric8.kubernetes.api.model.NodeSelectorTermBuilder;
import io.fabric8.kubernetes.api.model.PreferredSchedulingTermBuilder;
import io.fabric8.kubernetes.api.model.Toleration;
import io.fabric8.kubernetes.api.model.TolerationBuilder;
import io.fabric8.kubernetes.api.model.TopologySpreadConstraint;
import io.fabric8.kubernetes.api.model.TopologySpreadConstraintBuilder;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Where a workload's pods may run: the node role (compute or data), the capacity types allowed (on-demand, spot) and
 * the one preferred, an optional pinned zone, and how the pods spread over the zones. Every pod Atlas renders takes
 * its node affinity, tolerations, zone spread and cluster-autoscaler annotation from one of these, so the node
 * labels and taints the cluster needs ({@link NodeGroup}) are spelled once.
 *
 * @param role the node pool the pods need
 * @param allowed the capacity types the pods may run on
 * @param preferred the capacity type the scheduler should pick when several are allowed and have room
 * @param zone the one zone the pods are pinned to, if any
 * @param spread how the pods spread across the zones
 */
public record Placement(NodeRole role, List<Capacity> allowed, Optional<Capacity> preferred, Optional<String> zone,
        ZoneSpread spread) {

    /** Where Kubernetes nodes carry their zone; brokers use it as {@code broker.rack}. */
    public static final String ZONE_LABEL = "topology.kubernetes.io/zone";

    /** The three zones of the primary region: one broker pool and one node group of each kind per zone. */
    public static final List<String> ZONES = List.of("eu-west-1a", "eu-west-1b", "eu-west-1c");

    /** Stateful pieces (brokers, controllers, PostgreSQL, Redis): data nodes, on-demand only, one per zone. */
    public static final Placement DATA = new Placement(NodeRole.DATA, List.of(Capacity.ON_DEMAND), Optional.empty(),
            Optional.empty(), ZoneSpread.REQUIRED);

    /** Every pod that must survive a spot reclaim: compute nodes, on-demand only, spread over the zones. */
    public static final Placement ON_DEMAND = new Placement(NodeRole.COMPUTE, List.of(Capacity.ON_DEMAND),
            Optional.empty(), Optional.empty(), ZoneSpread.PREFERRED);

    /**
     * Replicas above a scaled application's minimum: spot nodes first, on-demand nodes when no spot capacity can be
     * had (the cluster autoscaler's priority expander tries spot node groups first; {@link NodeGroup}).
     */
    public static final Placement SPOT = new Placement(NodeRole.COMPUTE, List.of(Capacity.SPOT, Capacity.ON_DEMAND),
            Optional.of(Capacity.SPOT), Optional.empty(), ZoneSpread.PREFERRED);

    /** How pods spread over the zones. */
    public enum ZoneSpread {
        /** No constraint: the pods are pinned to one zone. */
        NONE,
        /** {@code ScheduleAnyway}: a lost zone must not keep the others from scaling up. */
        PREFERRED,
        /** {@code DoNotSchedule}: at most one more pod in any zone than in another (quorums). */
        REQUIRED
    }

    public Placement {
        allowed = List.copyOf(allowed);
        if (allowed.isEmpty() || preferred.isPresent() && !allowed.contains(preferred.get())) {
            throw new IllegalArgumentException("A placement must allow its preferred capacity: " + allowed + ", "
                    + preferred);
        }
    }

    /** The same placement pinned to one zone, with no spread (the zone is the spread). */
    public Placement inZone(String pinned) {
        return new Placement(role, allowed, preferred, Optional.of(pinned), ZoneSpread.NONE);
    }

    /** Required: the role, the allowed capacities (and the zone); preferred: the preferred capacity. */
    public Affinity affinity() {
        List<NodeSelectorRequirement> required = new ArrayList<>();
        required.add(requirement(NodeRole.LABEL, role.value()));
        required.add(requirement(Capacity.LABEL, allowed.stream().map(Capacity::value).toArray(String[]::new)));
        zone.ifPresent(pinned -> required.add(requirement(ZONE_LABEL, pinned)));
        AffinityBuilder affinity = new AffinityBuilder();
        var nodeAffinity = affinity.withNewNodeAffinity()
                .withNewRequiredDuringSchedulingIgnoredDuringExecution()
                    .withNodeSelectorTerms(new NodeSelectorTermBuilder().withMatchExpressions(required).build())
                .endRequiredDuringSchedulingIgnoredDuringExecution();
        preferred.ifPresent(capacity -> nodeAffinity.withPreferredDuringSchedulingIgnoredDuringExecution(
                new PreferredSchedulingTermBuilder().withWeight(100).withNewPreference()
                        .withMatchExpressions(requirement(Capacity.LABEL, capacity.value())).endPreference().build()));
        return nodeAffinity.endNodeAffinity().build();
    }

    /** The taints of the node groups this placement may use: data nodes, spot nodes. */
    public List<Toleration> tolerations() {
        List<Toleration> tolerations = new ArrayList<>();
        if (role.tainted()) {
            tolerations.add(toleration(NodeRole.LABEL, role.value()));
        }
        for (Capacity capacity : allowed) {
            if (capacity.tainted()) {
                tolerations.add(toleration(Capacity.LABEL, capacity.value()));
            }
        }
        return tolerations;
    }

    /** The zone spread of the pods {@code selector} selects; empty when the pods are pinned to a zone. */
    public List<TopologySpreadConstraint> zoneSpread(Map<String, String> selector) {
        if (spread == ZoneSpread.NONE) {
            return List.of();
        }
        return List.of(new TopologySpreadConstraintBuilder()
                .withMaxSkew(1)
                .withTopologyKey(ZONE_LABEL)
                .withWhenUnsatisfiable(spread == ZoneSpread.REQUIRED ? "DoNotSchedule" : "ScheduleAnyway")
                .withNewLabelSelector().withMatchLabels(new TreeMap<>(selector)).endLabelSelector()
                .build());
    }

    /**
     * Pod annotations for the cluster autoscaler: a stateful pod is never evicted to empty a node (its volume is
     * zonal, a restart costs a leader election or every client's reconnect); any other pod may be, although it
     * mounts an {@code emptyDir} (which alone would keep the autoscaler from ever removing its node).
     */
    public Map<String, String> podAnnotations() {
        return Map.of(NodeGroup.SAFE_TO_EVICT, Boolean.toString(role != NodeRole.DATA));
    }

    private static NodeSelectorRequirement requirement(String key, String... values) {
        return new NodeSelectorRequirementBuilder().withKey(key).withOperator("In").withValues(values).build();
    }

    private static Toleration toleration(String key, String value) {
        return new TolerationBuilder().withKey(key).withOperator("Equal").withValue(value).withEffect("NoSchedule")
                .build();
    }
}
