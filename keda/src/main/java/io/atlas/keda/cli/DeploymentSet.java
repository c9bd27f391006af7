package io.atlas.keda.cli;

import io.atlas.deploy.Manifest;
import io.atlas.keda.KedaManifests;
import io.atlas.strimzi.StrimziManifests;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** Everything the primary region runs, in apply order: the Kafka cluster, topics, users, then the applications. */
public final class DeploymentSet {

    private DeploymentSet() {
    }

    public static List<Manifest> manifests() {
        List<Manifest> manifests = new ArrayList<>();
        // The DR region's manifests (the mirror, its validation) are applied to the other region's cluster.
        Stream.concat(StrimziManifests.render().stream(), KedaManifests.render().stream())
                .filter(manifest -> manifest.region() == Manifest.Region.PRIMARY).forEach(manifests::add);
        return manifests;
    }

    public static List<HasMetadata> resources() {
        List<HasMetadata> resources = new ArrayList<>();
        manifests().forEach(manifest -> resources.addAll(manifest.resources()));
        return resources;
    }
}
