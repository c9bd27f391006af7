package io.atlas.keda.cli;

import io.atlas.deploy.Manifest;
import io.atlas.keda.KedaManifests;
import io.atlas.strimzi.StrimziManifests;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * What a region's cluster runs, in apply order: the Kafka cluster, topics, users, then the applications for the
 * primary region; the mirror and its validation for the DR region.
 */
public final class DeploymentSet {

    private DeploymentSet() {
    }

    /** The manifests of {@code regions}, Strimzi's first. */
    public static List<Manifest> manifests(Manifest.Region... regions) {
        Set<Manifest.Region> wanted = Set.of(regions);
        List<Manifest> manifests = new ArrayList<>();
        Stream.concat(StrimziManifests.render().stream(), KedaManifests.render().stream())
                .filter(manifest -> wanted.contains(manifest.region())).forEach(manifests::add);
        return manifests;
    }

    /** The primary region's manifests: what {@code atlas deploy} applies and {@code atlas validate} checks. */
    public static List<Manifest> manifests() {
        return manifests(Manifest.Region.PRIMARY);
    }

    public static List<HasMetadata> resources(Manifest.Region... regions) {
        List<HasMetadata> resources = new ArrayList<>();
        manifests(regions).forEach(manifest -> resources.addAll(manifest.resources()));
        return resources;
    }

    public static List<HasMetadata> resources() {
        return resources(Manifest.Region.PRIMARY);
    }
}
