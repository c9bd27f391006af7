package io.atlas.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.FileSystemAlreadyExistsException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Finds the offline Kubernetes schemas: the folder named by the system property {@value #PROPERTY} when set (newer
 * schema versions than the carried ones), else the schemas this module carries as resources under
 * {@value #RESOURCE}, whether the module runs from its build folder or from a jar.
 */
public final class SchemaFolder {

    public static final String PROPERTY = "atlas.k8s.schemas";
    static final String RESOURCE = "io/atlas/deploy/k8s-schemas";

    private SchemaFolder() {
    }

    public static Path locate() {
        String configured = System.getProperty(PROPERTY);
        return configured != null ? check(Path.of(configured)) : carried(SchemaFolder.class.getClassLoader());
    }

    /** The schemas carried on the classpath, as a folder (a jar's entries are read through its zip file system). */
    static Path carried(ClassLoader classLoader) {
        URL readme = classLoader.getResource(RESOURCE + "/README.md");
        if (readme == null) {
            throw new IllegalStateException("The carried Kubernetes schemas (" + RESOURCE + ") are not on the "
                    + "classpath; set -D" + PROPERTY + "=<folder> to a schema folder");
        }
        try {
            URI uri = readme.toURI();
            if ("jar".equals(uri.getScheme())) {
                try {
                    FileSystems.newFileSystem(uri, Map.of());
                } catch (FileSystemAlreadyExistsException alreadyOpen) {
                    // another caller opened the jar first; Path.of(uri) below finds that file system
                }
            }
            return Path.of(uri).getParent();
        } catch (URISyntaxException e) {
            throw new IllegalStateException("Unreadable location of the carried schemas: " + readme, e);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot open " + readme, e);
        }
    }

    private static Path check(Path folder) {
        if (!Files.isDirectory(folder)) {
            throw new IllegalStateException(PROPERTY + "=" + folder + " is not a folder");
        }
        return folder;
    }
}
