package io.atlas.deploy;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Finds the offline Kubernetes schemas ({@code shared/k8s-schemas}): the system property {@value #PROPERTY} when
 * set, else the first {@code shared/k8s-schemas} beside the working directory or one of its ancestors (the checkout
 * sits next to {@code shared/} both on a developer machine and in CI).
 */
public final class SchemaFolder {

    public static final String PROPERTY = "atlas.k8s.schemas";

    private SchemaFolder() {
    }

    public static Path locate() {
        String configured = System.getProperty(PROPERTY);
        if (configured != null) {
            return check(Path.of(configured));
        }
        Path start = Path.of("").toAbsolutePath();
        for (Path dir = start; dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve("shared").resolve("k8s-schemas");
            if (Files.isRegularFile(candidate.resolve("README.md"))) {
                return candidate;
            }
        }
        throw new IllegalStateException("No shared/k8s-schemas found beside " + start + " or any parent folder; "
                + "set -D" + PROPERTY + "=<folder> to the Kubernetes schemas (see its README.md)");
    }

    private static Path check(Path folder) {
        if (!Files.isDirectory(folder)) {
            throw new IllegalStateException(PROPERTY + "=" + folder + " is not a folder");
        }
        return folder;
    }
}
