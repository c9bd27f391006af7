package io.atlas.strimzi;

import static org.assertj.core.api.Assertions.assertThat;

import io.atlas.deploy.Manifest;
import io.atlas.deploy.ManifestFiles;
import io.atlas.deploy.ManifestWriter;
import io.atlas.deploy.SchemaFolder;
import io.atlas.deploy.StrictSchemas;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class StrimziManifestsTest {

    /** Maven runs tests in the module folder; the committed render lives under it. */
    static final Path COMMITTED = Path.of("src", "main", "k8s");

    static StrictSchemas schemas;

    @BeforeAll
    static void loadSchemas() {
        schemas = StrictSchemas.load(SchemaFolder.locate());
    }

    @Test
    void shouldValidateEveryRenderedResourceStrictly() {
        Map<String, List<String>> problems = new LinkedHashMap<>();
        for (Manifest manifest : StrimziManifests.render()) {
            for (JsonNode document : ManifestFiles.documents(ManifestWriter.yaml(manifest))) {
                List<String> errors = schemas.validate(document);
                if (!errors.isEmpty()) {
                    problems.put(manifest.fileName() + " " + document.path("kind").asString() + "/"
                            + document.path("metadata").path("name").asString(), errors);
                }
            }
        }
        assertThat(problems).isEmpty();
    }

    @Test
    void shouldMatchTheCommittedRender() {
        Map<String, String> fresh = new LinkedHashMap<>();
        StrimziManifests.render().forEach(manifest -> fresh.put(manifest.fileName(), ManifestWriter.yaml(manifest)));

        assertThat(ManifestFiles.read(COMMITTED))
                .as("strimzi/src/main/k8s differs from a fresh render: run ./atlas render (see strimzi/README.md)")
                .isEqualTo(new java.util.TreeMap<>(fresh));
    }
}
