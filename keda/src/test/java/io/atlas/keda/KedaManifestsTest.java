package io.atlas.keda;

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
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class KedaManifestsTest {

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
        int validated = 0;
        for (Manifest manifest : KedaManifests.render()) {
            for (JsonNode document : ManifestFiles.documents(ManifestWriter.yaml(manifest))) {
                validated++;
                List<String> errors = schemas.validate(document);
                if (!errors.isEmpty()) {
                    problems.put(manifest.fileName() + " " + document.path("kind").asString() + "/"
                            + document.path("metadata").path("name").asString(), errors);
                }
            }
        }
        assertThat(problems).isEmpty();
        assertThat(validated).isGreaterThan(20);
    }

    @Test
    void shouldMatchTheCommittedRender() {
        Map<String, String> fresh = new TreeMap<>();
        KedaManifests.render().forEach(manifest -> fresh.put(manifest.fileName(), ManifestWriter.yaml(manifest)));

        assertThat(ManifestFiles.read(COMMITTED))
                .as("keda/src/main/k8s differs from a fresh render: re-render it (see keda/README.md)")
                .isEqualTo(fresh);
    }

    @Test
    void shouldAgreeWithTheCatalogsInCode() {
        assertThat(ManifestAudit.problems(ManifestFiles.allDocuments(COMMITTED))).isEmpty();
    }
}
