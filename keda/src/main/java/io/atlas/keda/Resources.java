package io.atlas.keda;

import io.atlas.catalog.Application;
import io.atlas.catalog.Applications;

/**
 * CPU and memory per application container. Memory request equals the limit (the JVM heap is sized from it and a
 * pod must never be killed for using what it was promised); CPU may burst to the limit during catch-up.
 */
record Resources(String cpuRequest, String cpuLimit, String memory) {

    static Resources of(Application application) {
        if (application == Applications.INFERENCE_STREAM) {
            return new Resources("1", "2", "2Gi");
        } else if (application == Applications.INGEST_BRIDGE || application == Applications.WS_GATEWAY) {
            return new Resources("500m", "2", "1Gi");
        }
        return new Resources("250m", "1", "768Mi");
    }
}
