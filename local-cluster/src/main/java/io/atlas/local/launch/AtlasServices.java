package io.atlas.local.launch;

import java.util.List;

/**
 * The services {@code ./atlas up} starts after the broker, in this order, each in its own JVM.
 *
 * <p>A service joins the local run with one entry here: its module, main class and readiness path. The launcher
 * passes it {@code ATLAS_KAFKA_BOOTSTRAP} (and {@code ATLAS_KAFKA_CLIENT_CONFIG} when set) and the HTTP port for
 * health and metrics in {@code ATLAS_HTTP_PORT}, and waits for the readiness path to answer 200 before the next.
 */
final class AtlasServices {

    private AtlasServices() {
    }

    static List<ServiceSpec> all() {
        return List.of();
    }
}
