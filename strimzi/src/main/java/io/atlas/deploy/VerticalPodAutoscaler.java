package io.atlas.deploy;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * A Vertical Pod Autoscaler ({@code autoscaling.k8s.io/v1}, VPA 1.7) as Atlas uses it: the workload it sizes, how
 * its recommendations are applied, and per container which resources it controls within which bounds.
 *
 * <p>fabric8 8 has no VPA model, so this record is the typed description and {@link #resource()} its YAML, validated
 * strictly against the carried CRD like every other resource. Only what Atlas sets is modelled; values Atlas never
 * uses (in-place updates, startup boost, recommender selection) cannot be expressed by mistake. Limits always move
 * with requests ({@code controlledValues: RequestsAndLimits}), so a container whose memory request equals its limit
 * (every JVM here: the heap is sized from the limit) keeps them equal.
 *
 * @param target the workload (Deployment, StatefulSet, or a custom resource with a scale subresource)
 * @param mode when recommendations are applied
 * @param containers one policy per container
 * @param evictOnlyToGrow with {@link UpdateMode#RECREATE}: evict a pod only when the recommendation is above its
 *     requests, never to shrink it (a restart costs a rebalance; shrinking can wait for the next rollout)
 */
public record VerticalPodAutoscaler(Target target, UpdateMode mode, List<ContainerPolicy> containers,
        boolean evictOnlyToGrow) {

    public static final String API_VERSION = "autoscaling.k8s.io/v1";
    public static final String KIND = "VerticalPodAutoscaler";

    /** When the VPA applies its recommendation. */
    public enum UpdateMode {
        /** Recommendations only, applied by a person through the typed Java: the stateful pieces. */
        OFF("Off"),
        /** Applied when a pod is created (scale-up, rollout), never by evicting a running pod. */
        INITIAL("Initial"),
        /** Applied at creation and by evicting running pods (through the eviction API, so PDBs hold). */
        RECREATE("Recreate");

        private final String value;

        UpdateMode(String value) {
            this.value = value;
        }

        public String value() {
            return value;
        }

        /** Whether the VPA changes pods at all (every mode but Off). */
        public boolean changesPods() {
            return this != OFF;
        }
    }

    /** A resource the VPA may size. */
    public enum Resource {
        CPU("cpu"),
        MEMORY("memory");

        private final String value;

        Resource(String value) {
            this.value = value;
        }

        public String value() {
            return value;
        }
    }

    /** The scaled workload, as {@code targetRef}. */
    public record Target(String apiVersion, String kind, String name, String namespace) {

        /** The target of an existing resource. */
        public static Target of(HasMetadata workload) {
            return new Target(workload.getApiVersion(), workload.getKind(), workload.getMetadata().getName(),
                    workload.getMetadata().getNamespace());
        }
    }

    /**
     * What the VPA may do to one container.
     *
     * @param minAllowed the lowest request it may set, per resource (absent: no floor)
     * @param maxAllowed the highest request it may set, per resource (absent: no ceiling)
     */
    public record ContainerPolicy(String container, Set<Resource> controlled, Map<Resource, String> minAllowed,
            Map<Resource, String> maxAllowed) {

        public ContainerPolicy {
            controlled = Set.copyOf(controlled);
            minAllowed = Map.copyOf(minAllowed);
            maxAllowed = Map.copyOf(maxAllowed);
            if (controlled.isEmpty()) {
                throw new IllegalArgumentException("A container policy must control a resource: " + container);
            }
        }

        /** Controls CPU and memory without bounds: for {@link UpdateMode#OFF}, where bounds only hide advice. */
        public static ContainerPolicy advise(String container) {
            return new ContainerPolicy(container, Set.of(Resource.CPU, Resource.MEMORY), Map.of(), Map.of());
        }
    }

    public VerticalPodAutoscaler {
        containers = List.copyOf(containers);
        if (evictOnlyToGrow && mode != UpdateMode.RECREATE) {
            throw new IllegalArgumentException("evictOnlyToGrow needs mode Recreate, not " + mode);
        }
    }

    /** Named after its target, in the target's namespace. */
    public String name() {
        return target.name();
    }

    /** The resource to apply, labelled with {@code labels}. */
    public GenericKubernetesResource resource(Map<String, String> labels) {
        Map<String, Object> targetRef = new LinkedHashMap<>();
        targetRef.put("apiVersion", target.apiVersion());
        targetRef.put("kind", target.kind());
        targetRef.put("name", target.name());
        Map<String, Object> updatePolicy = new LinkedHashMap<>();
        updatePolicy.put("updateMode", mode.value());
        if (evictOnlyToGrow) {
            Map<String, Object> requirement = new LinkedHashMap<>();
            requirement.put("resources", containers.stream().flatMap(c -> c.controlled().stream()).distinct()
                    .sorted().map(Resource::value).toList());
            requirement.put("changeRequirement", "TargetHigherThanRequests");
            updatePolicy.put("evictionRequirements", List.of(requirement));
        }
        List<Map<String, Object>> policies = new ArrayList<>();
        for (ContainerPolicy container : containers) {
            Map<String, Object> policy = new LinkedHashMap<>();
            policy.put("containerName", container.container());
            policy.put("mode", "Auto");
            policy.put("controlledResources", container.controlled().stream().sorted().map(Resource::value).toList());
            policy.put("controlledValues", "RequestsAndLimits");
            if (!container.minAllowed().isEmpty()) {
                policy.put("minAllowed", quantities(container.minAllowed()));
            }
            if (!container.maxAllowed().isEmpty()) {
                policy.put("maxAllowed", quantities(container.maxAllowed()));
            }
            policies.add(policy);
        }
        Map<String, Object> spec = new LinkedHashMap<>();
        spec.put("targetRef", targetRef);
        spec.put("updatePolicy", updatePolicy);
        spec.put("resourcePolicy", Map.of("containerPolicies", policies));
        return new GenericKubernetesResourceBuilder()
                .withApiVersion(API_VERSION)
                .withKind(KIND)
                .withNewMetadata()
                    .withName(name())
                    .withNamespace(target.namespace())
                    .withLabels(new TreeMap<>(labels))
                .endMetadata()
                .withAdditionalProperties(Map.of("spec", spec))
                .build();
    }

    private static Map<String, String> quantities(Map<Resource, String> values) {
        Map<String, String> quantities = new TreeMap<>();
        values.forEach((resource, quantity) -> quantities.put(resource.value(), quantity));
        return quantities;
    }
}
