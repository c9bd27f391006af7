package io.atlas.keda.cli;

import io.atlas.deploy.Manifest;
import io.atlas.keda.KedaManifests;
import io.atlas.strimzi.StrimziManifests;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.ArrayList;
import java.util.List;

/** Everything the primary region runs, in apply order: the Kafka cluster, topics, users, then the applications. */
public final class DeploymentSet {

    private DeploymentSet() {
    }

    public static List<Manifest> manifests() {
        List<Manifest> manifests = new ArrayList<>();
        // The DR mirror is applied in the other region's cluster.
        StrimziManifests.render().stream().filter(manifest -> !manifest.fileName().contains("dr-mirror"))
                .forEach(manifests::add);
        manifests.addAll(KedaManifests.render());
        return manifests;
    }

    public static List<HasMetadata> resources() {
        List<HasMetadata> resources = new ArrayList<>();
        manifests().forEach(manifest -> resources.addAll(manifest.resources()));
        return resources;
    }
}
