package io.atlas.keda;

import io.atlas.deploy.Placement;
import io.atlas.strimzi.ClusterNames;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodSpecBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.ServicePortBuilder;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What PostgreSQL, Redis and the jobs share: the Atlas labels (so the default-deny policy covers them), a
 * non-root pod on on-demand data nodes ({@link Placement#DATA}, never evicted by the cluster autoscaler), a
 * single-replica StatefulSet with its volume, and a ClusterIP Service.
 */
final class DataStores {

    static final Placement PLACEMENT = Placement.DATA;

    private DataStores() {
    }

    /** Name and part-of labels, as every Atlas pod carries. */
    static Map<String, String> labels(String name) {
        Map<String, String> labels = new TreeMap<>();
        labels.put(AppLabels.NAME, name);
        labels.put(AppLabels.PART_OF, AppLabels.PART_OF_VALUE);
        return labels;
    }

    /** A hardened pod running {@code container} as {@code uid}, placed on the data nodes. */
    static PodSpec pod(String name, long uid, Container container, List<Volume> volumes) {
        return pod(name, uid, PLACEMENT, container, volumes);
    }

    /** A hardened pod running {@code container} as {@code uid}, placed as {@code placement} says. */
    static PodSpec pod(String name, long uid, Placement placement, Container container, List<Volume> volumes) {
        return new PodSpecBuilder()
                .withAutomountServiceAccountToken(false)
                .withEnableServiceLinks(false)
                .withTerminationGracePeriodSeconds(120L)
                .withNewSecurityContext()
                    .withRunAsNonRoot(true)
                    .withRunAsUser(uid)
                    .withRunAsGroup(uid)
                    .withFsGroup(uid)
                    .withNewSeccompProfile().withType("RuntimeDefault").endSeccompProfile()
                .endSecurityContext()
                .withContainers(container)
                .withAffinity(placement.affinity())
                .withTolerations(placement.tolerations())
                .withTopologySpreadConstraints(placement.zoneSpread(Map.of(AppLabels.NAME, name)))
                .withVolumes(volumes)
                .build();
    }

    /** One replica with a {@code ReadWriteOnce} volume {@code claim} of {@code size}. */
    static StatefulSet statefulSet(String name, PodSpec pod, String claim, String size) {
        return new StatefulSetBuilder()
                .withNewMetadata().withName(name).withNamespace(ClusterNames.NAMESPACE).withLabels(labels(name))
                .endMetadata()
                .withNewSpec()
                    .withReplicas(1)
                    .withServiceName(name)
                    .withNewSelector().withMatchLabels(Map.of(AppLabels.NAME, name)).endSelector()
                    .withNewTemplate()
                        .withNewMetadata().withLabels(labels(name))
                            .withAnnotations(new TreeMap<>(PLACEMENT.podAnnotations())).endMetadata()
                        .withSpec(pod)
                    .endTemplate()
                    .addNewVolumeClaimTemplate()
                        .withNewMetadata().withName(claim).endMetadata()
                        .withNewSpec()
                            .withAccessModes("ReadWriteOnce")
                            .withNewResources().withRequests(Map.of("storage", new Quantity(size))).endResources()
                        .endSpec()
                    .endVolumeClaimTemplate()
                .endSpec()
                .build();
    }

    static Service service(String name, int port) {
        return new ServiceBuilder()
                .withNewMetadata().withName(name).withNamespace(ClusterNames.NAMESPACE).withLabels(labels(name))
                .endMetadata()
                .withNewSpec()
                    .withType("ClusterIP")
                    .withSelector(Map.of(AppLabels.NAME, name))
                    .withPorts(new ServicePortBuilder().withName(name).withPort(port)
                            .withTargetPort(new IntOrString(name)).withProtocol("TCP").build())
                .endSpec()
                .build();
    }

    static Volume emptyDir(String name) {
        return new VolumeBuilder().withName(name).withNewEmptyDir().endEmptyDir().build();
    }
}
