package io.atlas.deploy;

import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.List;

/**
 * One rendered YAML file: its name in the output folder and the Kubernetes resources it holds, in apply order.
 *
 * @param fileName e.g. {@code 20-topics.yaml}
 * @param resources the documents of the file
 */
public record Manifest(String fileName, List<HasMetadata> resources) {

    public Manifest {
        if (!fileName.matches("[a-z0-9][a-z0-9.-]*\\.yaml")) {
            throw new IllegalArgumentException("Manifest file name must be a lower-case .yaml name, not " + fileName);
        }
        resources = List.copyOf(resources);
    }
}
