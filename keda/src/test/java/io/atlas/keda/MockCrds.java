package io.atlas.keda;

import io.atlas.deploy.SchemaFolder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.NonDeletingOperation;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** Test helper: loads every CRD Atlas validates against into a (mock) API server, as operator installs would. */
public final class MockCrds {

    private MockCrds() {
    }

    public static void install(KubernetesClient client) throws IOException {
        List<Path> crds;
        try (Stream<Path> files = Files.walk(SchemaFolder.locate())) {
            crds = files.filter(file -> file.toString().endsWith(".yaml")).sorted().toList();
        }
        for (Path file : crds) {
            // A file may hold several CRDs (the VPA's holds two).
            try (InputStream in = Files.newInputStream(file)) {
                for (HasMetadata item : client.load(in).items()) {
                    if (item instanceof CustomResourceDefinition crd) {
                        client.apiextensions().v1().customResourceDefinitions().resource(crd)
                                .createOr(NonDeletingOperation::update);
                    }
                }
            }
        }
    }
}
