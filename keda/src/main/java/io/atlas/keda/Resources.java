package io.atlas.keda;

import io.atlas.catalog.Application;
import io.atlas.catalog.Applications;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.api.model.ResourceRequirementsBuilder;
import java.util.Map;
import java.util.TreeMap;

/**
 * CPU and memory per application container. Memory request equals the limit (the JVM heap is sized from it and a
 * pod must never be killed for using what it was promised); CPU may burst to the limit during catch-up.
 */
record Resources(String cpuRequest, String cpuLimit, String memory) {

    /** Requests and limits as a container states them: memory request equal to the limit. */
    ResourceRequirements requirements() {
        return new ResourceRequirementsBuilder()
                .withRequests(new TreeMap<>(Map.of("cpu", new Quantity(cpuRequest), "memory", new Quantity(memory))))
                .withLimits(new TreeMap<>(Map.of("cpu", new Quantity(cpuLimit), "memory", new Quantity(memory))))
                .build();
    }

    static Resources of(Application application) {
        if (application == Applications.INFERENCE_STREAM) {
            return new Resources("1", "2", "2Gi");
        } else if (application == Applications.INGEST_BRIDGE || application == Applications.WS_GATEWAY) {
            return new Resources("500m", "2", "1Gi");
        }
        return new Resources("250m", "1", "768Mi");
    }
}
