package io.atlas.deploy;

import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.List;

/**
 * One rendered YAML file: its name in the output folder, the Kubernetes resources it holds, in apply order, and the
 * region whose cluster it is applied to.
 *
 * @param fileName e.g. {@code 20-topics.yaml}
 * @param resources the documents of the file
 * @param region the primary region's cluster, or the disaster-recovery region's
 */
public record Manifest(String fileName, List<HasMetadata> resources, Region region) {

    /** Which region's cluster a manifest is applied to. */
    public enum Region {
        PRIMARY,
        /** The DR region: the mirror and its validation run there, next to the DR cluster. */
        DR
    }

    public Manifest {
        if (!fileName.matches("[a-z0-9][a-z0-9.-]*\\.yaml")) {
            throw new IllegalArgumentException("Manifest file name must be a lower-case .yaml name, not " + fileName);
        }
        resources = List.copyOf(resources);
    }

    /** A manifest of the primary region. */
    public Manifest(String fileName, List<HasMetadata> resources) {
        this(fileName, resources, Region.PRIMARY);
    }
}
