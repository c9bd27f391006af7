package io.atlas.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.NodeSelectorRequirement;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Each placement lands exactly on the node groups meant for it, judged the way the scheduler judges a node. */
class PlacementTest {

    /** Whether a node of {@code group} passes the placement's required affinity and every taint is tolerated. */
    static boolean schedulable(Placement placement, NodeGroup group, String zone) {
        Map<String, String> labels = new HashMap<>(group.labels());
        labels.put(Placement.ZONE_LABEL, zone);
        List<NodeSelectorRequirement> required = placement.affinity().getNodeAffinity()
                .getRequiredDuringSchedulingIgnoredDuringExecution().getNodeSelectorTerms().get(0).getMatchExpressions();
        boolean matches = required.stream().allMatch(r -> r.getValues().contains(labels.get(r.getKey())));
        boolean tolerated = group.taints().stream().allMatch(taint -> placement.tolerations().stream()
                .anyMatch(t -> taint.equals(t.getKey() + "=" + t.getValue() + ":" + t.getEffect())));
        return matches && tolerated;
    }

    static List<NodeGroup> groupsFor(Placement placement) {
        return NodeGroup.ALL.stream().filter(group -> schedulable(placement, group, Placement.ZONES.get(0))).toList();
    }

    @Test
    void shouldKeepStatefulPiecesOnOnDemandDataNodes() {
        assertThat(groupsFor(Placement.DATA)).containsExactly(NodeGroup.DATA_ON_DEMAND);
        assertThat(Placement.DATA.podAnnotations()).containsEntry(NodeGroup.SAFE_TO_EVICT, "false");
    }

    @Test
    void shouldKeepMinimumReplicasOffSpot() {
        assertThat(groupsFor(Placement.ON_DEMAND)).containsExactly(NodeGroup.COMPUTE_ON_DEMAND);
        assertThat(Placement.ON_DEMAND.tolerations()).isEmpty();
    }

    @Test
    void shouldPreferSpotForReplicasAboveTheMinimumAndFallBackToOnDemand() {
        assertThat(groupsFor(Placement.SPOT)).containsExactlyInAnyOrder(NodeGroup.COMPUTE_SPOT,
                NodeGroup.COMPUTE_ON_DEMAND);
        assertThat(Placement.SPOT.affinity().getNodeAffinity().getPreferredDuringSchedulingIgnoredDuringExecution())
                .singleElement().satisfies(term -> assertThat(term.getPreference().getMatchExpressions().get(0)
                        .getValues()).containsExactly(Capacity.SPOT.value()));
        assertThat(NodeGroup.COMPUTE_SPOT.priority()).isGreaterThan(NodeGroup.COMPUTE_ON_DEMAND.priority());
    }

    @Test
    void shouldPinToOneZoneWithoutSpreading() {
        Placement pinned = Placement.DATA.inZone("eu-west-1b");

        assertThat(schedulable(pinned, NodeGroup.DATA_ON_DEMAND, "eu-west-1b")).isTrue();
        assertThat(schedulable(pinned, NodeGroup.DATA_ON_DEMAND, "eu-west-1a")).isFalse();
        assertThat(pinned.zoneSpread(Map.of("app", "x"))).isEmpty();
    }

    @Test
    void shouldSpreadQuorumsStrictlyAndScalableReplicasSoftly() {
        assertThat(Placement.DATA.zoneSpread(Map.of("app", "x"))).singleElement()
                .satisfies(c -> assertThat(c.getWhenUnsatisfiable()).isEqualTo("DoNotSchedule"));
        assertThat(Placement.SPOT.zoneSpread(Map.of("app", "x"))).singleElement()
                .satisfies(c -> assertThat(c.getWhenUnsatisfiable()).isEqualTo("ScheduleAnyway"));
    }

    @Test
    void shouldRefuseAPreferredCapacityItDoesNotAllow() {
        assertThatThrownBy(() -> new Placement(NodeRole.COMPUTE, List.of(Capacity.ON_DEMAND),
                Optional.of(Capacity.SPOT), Optional.empty(), Placement.ZoneSpread.PREFERRED))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void shouldGiveEveryNodeGroupAPriorityTheExpanderMatches() {
        for (NodeGroup group : NodeGroup.ALL) {
            assertThat("atlas-" + group.name() + "-" + Placement.ZONES.get(0)).matches(group.namePattern());
            assertThat(NodeGroup.priorities()).contains(group.priority() + ":\n")
                    .contains("  - " + group.namePattern() + "\n");
        }
    }
}
