package io.atlas.keda;

import static org.assertj.core.api.Assertions.assertThat;

import io.atlas.catalog.Application;
import io.atlas.catalog.Applications;
import io.atlas.deploy.NodeGroup;
import io.atlas.deploy.Placement;
import io.atlas.strimzi.KafkaClusterResources;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The node groups' bounds carry what the rendered workloads request where their placement puts them. */
class NodeGroupCapacityTest {

    static double cpu(ResourceRequirements resources) {
        return Quantity.getAmountInBytes(resources.getRequests().get("cpu")).doubleValue();
    }

    static double memoryMib(ResourceRequirements resources) {
        return Quantity.getAmountInBytes(resources.getRequests().get("memory")).doubleValue() / (1 << 20);
    }

    static ResourceRequirements requests(Deployment deployment) {
        return deployment.getSpec().getTemplate().getSpec().getContainers().get(0).getResources();
    }

    static void assertFits(String what, double cpu, double memoryMib, NodeGroup group, int nodes) {
        assertThat(cpu).as(what + ": CPU on " + nodes + " " + group.name() + " nodes")
                .isLessThanOrEqualTo(nodes * group.allocatableMillicpu() / 1000.0);
        assertThat(memoryMib).as(what + ": memory on " + nodes + " " + group.name() + " nodes")
                .isLessThanOrEqualTo((double) nodes * group.allocatableMebibytes());
    }

    @Test
    void shouldCarryEveryReplicaAboveTheMinimumOnTheSpotGroupAtItsMaximum() {
        double cpu = 0;
        double memory = 0;
        for (Application application : Applications.all()) {
            Replicas replicas = Replicas.of(application);
            if (replicas.spotAboveMinimum()) {
                ResourceRequirements each = requests(WorkloadResources.spotDeployment(application).orElseThrow());
                cpu += replicas.scaledMax() * cpu(each);
                memory += replicas.scaledMax() * memoryMib(each);
            }
        }
        assertFits("spot replicas at their maximum", cpu, memory, NodeGroup.COMPUTE_SPOT,
                NodeGroup.COMPUTE_SPOT.maxPerZone() * Placement.ZONES.size());
    }

    @Test
    void shouldCarryEveryOnDemandApplicationReplicaOnTheOnDemandComputeGroup() {
        double cpuAtMin = 0;
        double memoryAtMin = 0;
        double cpuAtMax = 0;
        double memoryAtMax = 0;
        for (Application application : Applications.all()) {
            Replicas replicas = Replicas.of(application);
            ResourceRequirements each = requests(WorkloadResources.deployment(application));
            int atMax = replicas.spotAboveMinimum() ? replicas.min() : replicas.max();
            cpuAtMin += replicas.min() * cpu(each);
            memoryAtMin += replicas.min() * memoryMib(each);
            cpuAtMax += atMax * cpu(each);
            memoryAtMax += atMax * memoryMib(each);
        }
        for (Deployment tracing : TracingResources.all(TraceStorage.DEVELOPMENT).stream()
                .filter(Deployment.class::isInstance).map(Deployment.class::cast).toList()) {
            cpuAtMin += cpu(requests(tracing));
            memoryAtMin += memoryMib(requests(tracing));
            cpuAtMax += cpu(requests(tracing));
            memoryAtMax += memoryMib(requests(tracing));
        }
        int zones = Placement.ZONES.size();
        assertFits("on-demand replicas at the minimum", cpuAtMin, memoryAtMin, NodeGroup.COMPUTE_ON_DEMAND,
                NodeGroup.COMPUTE_ON_DEMAND.minPerZone() * zones);
        assertFits("on-demand replicas at the maximum", cpuAtMax, memoryAtMax, NodeGroup.COMPUTE_ON_DEMAND,
                NodeGroup.COMPUTE_ON_DEMAND.maxPerZone() * zones);
    }

    @Test
    void shouldCarryAZonesBrokersItsControllerAndADataStoreOnOneDataNode() {
        ResourceRequirements broker = KafkaClusterResources.brokers(Placement.ZONES.get(0)).getSpec().getResources();
        ResourceRequirements controller = KafkaClusterResources.controllers().getSpec().getResources();
        int brokers = KafkaClusterResources.brokers(Placement.ZONES.get(0)).getSpec().getReplicas();
        double cpu = brokers * cpu(broker) + cpu(controller);
        double memory = brokers * memoryMib(broker) + memoryMib(controller);
        for (StatefulSet store : List.of(PostgresResources.statefulSet(), RedisResources.statefulSet())) {
            ResourceRequirements requests = store.getSpec().getTemplate().getSpec().getContainers().get(0)
                    .getResources();
            cpu += cpu(requests);
            memory += memoryMib(requests);
        }
        assertFits("one zone's data pods, with both data stores", cpu, memory, NodeGroup.DATA_ON_DEMAND,
                NodeGroup.DATA_ON_DEMAND.minPerZone());
    }
}
