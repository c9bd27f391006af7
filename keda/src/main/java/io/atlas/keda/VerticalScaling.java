package io.atlas.keda;

import io.atlas.catalog.Application;
import io.atlas.catalog.Applications;
import io.atlas.deploy.NodeGroup;
import io.atlas.deploy.VerticalPodAutoscaler;
import io.atlas.deploy.VerticalPodAutoscaler.ContainerPolicy;
import io.atlas.deploy.VerticalPodAutoscaler.Resource;
import io.atlas.deploy.VerticalPodAutoscaler.Target;
import io.atlas.deploy.VerticalPodAutoscaler.UpdateMode;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The Vertical Pod Autoscalers: one per Deployment of every application, one per PostgreSQL and Redis.
 *
 * <ul>
 *   <li>The scorer: {@code Recreate} (the seed's "auto-adjustment"), evicting a pod only to grow it: the JVM sizes
 *       its heap from the memory limit at start, so a new size needs a new pod, and shrinking is not worth a
 *       rebalance.</li>
 *   <li>The gateway and the bridge: {@code Initial}, applied to pods as they start (scale-up, rollout), never by
 *       evicting one: a gateway pod holds thousands of WebSocket connections, a bridge pod open transactions.</li>
 *   <li>CDC, the simulator, PostgreSQL, Redis: {@code Off}, recommendations for a person to apply (the seed's
 *       "manual mode for stability"): single replicas, where an eviction is an outage.</li>
 * </ul>
 *
 * <p>They control CPU and memory; KEDA scales on consumer lag and on connections per pod, never on CPU or memory, so
 * no HPA reads the utilisation a VPA changes ({@link ManifestAudit} refuses a CPU or memory trigger on a workload
 * whose VPA acts). The floor is the rendered request: the lag thresholds assume the throughput a replica reached
 * with it ({@link Throughput}), so a VPA may raise a replica's resources but never lower them below that; the
 * ceiling is what a compute node can give one pod beside others.
 */
public final class VerticalScaling {

    /** At most half a compute node's CPU and a quarter of its memory for one pod. */
    static final Map<Resource, String> CEILING = Map.of(
            Resource.CPU, NodeGroup.COMPUTE_ON_DEMAND.allocatableMillicpu() / 2 + "m",
            Resource.MEMORY, NodeGroup.COMPUTE_ON_DEMAND.allocatableMebibytes() / 4 + "Mi");

    private VerticalScaling() {
    }

    public static List<VerticalPodAutoscaler> all() {
        return List.copyOf(byWorkload().keySet());
    }

    /** The resources to apply, each labelled as the workload it sizes. */
    public static List<HasMetadata> resources() {
        List<HasMetadata> resources = new ArrayList<>();
        byWorkload().forEach((vpa, workload) -> resources.add(vpa.resource(workload.getMetadata().getLabels())));
        return resources;
    }

    private static Map<VerticalPodAutoscaler, HasMetadata> byWorkload() {
        Map<VerticalPodAutoscaler, HasMetadata> vpas = new LinkedHashMap<>();
        for (Application application : Applications.all()) {
            for (Deployment deployment : WorkloadResources.deployments(application)) {
                vpas.put(of(application, deployment), deployment);
            }
        }
        for (HasMetadata workload : List.of(PostgresResources.statefulSet(), RedisResources.statefulSet())) {
            vpas.put(advising(workload), workload);
        }
        return vpas;
    }

    static UpdateMode mode(Application application) {
        if (application == Applications.INFERENCE_STREAM) {
            return UpdateMode.RECREATE;
        } else if (application == Applications.WS_GATEWAY || application == Applications.INGEST_BRIDGE) {
            return UpdateMode.INITIAL;
        }
        return UpdateMode.OFF;
    }

    private static VerticalPodAutoscaler of(Application application, Deployment deployment) {
        UpdateMode mode = mode(application);
        if (!mode.changesPods()) {
            return new VerticalPodAutoscaler(Target.of(deployment), mode,
                    List.of(ContainerPolicy.advise(application.name())), false);
        }
        Resources resources = Resources.of(application);
        ContainerPolicy policy = new ContainerPolicy(application.name(), Set.of(Resource.CPU, Resource.MEMORY),
                Map.of(Resource.CPU, resources.cpuRequest(), Resource.MEMORY, resources.memory()), CEILING);
        return new VerticalPodAutoscaler(Target.of(deployment), mode, List.of(policy), mode == UpdateMode.RECREATE);
    }

    private static VerticalPodAutoscaler advising(HasMetadata workload) {
        return new VerticalPodAutoscaler(Target.of(workload), UpdateMode.OFF,
                List.of(ContainerPolicy.advise(workload.getMetadata().getName())), false);
    }

}
