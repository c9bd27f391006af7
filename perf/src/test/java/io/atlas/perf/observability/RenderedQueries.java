package io.atlas.perf.observability;

import io.atlas.deploy.Manifest;
import io.atlas.deploy.ManifestFiles;
import io.atlas.deploy.ManifestWriter;
import io.atlas.keda.Dashboards;
import io.atlas.keda.KedaManifests;
import io.atlas.perf.observability.MetricNameCheck.Query;
import io.atlas.strimzi.StrimziManifests;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Every PromQL expression of the rendered deployment (the same text keda/ and strimzi/ commit): each alert rule of
 * each {@code PrometheusRule}, each target of each panel of each Grafana dashboard, each Prometheus trigger of a
 * KEDA {@code ScaledObject}.
 */
final class RenderedQueries {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private RenderedQueries() {
    }

    static List<Query> all() {
        List<Query> queries = new ArrayList<>();
        Stream.concat(StrimziManifests.render().stream(), KedaManifests.render().stream())
                .forEach(manifest -> queries.addAll(of(manifest)));
        return queries;
    }

    static List<Query> of(Manifest manifest) {
        List<Query> queries = new ArrayList<>();
        for (JsonNode document : ManifestFiles.documents(ManifestWriter.yaml(manifest))) {
            String kind = document.path("kind").asString();
            String where = manifest.fileName() + " " + kind + " " + document.path("metadata").path("name").asString();
            if (kind.equals("PrometheusRule")) {
                for (JsonNode group : document.path("spec").path("groups")) {
                    for (JsonNode rule : group.path("rules")) {
                        queries.add(new Query(where + ", alert " + rule.path("alert").asString(),
                                rule.path("expr").asString()));
                    }
                }
            } else if (kind.equals("ConfigMap")
                    && document.path("metadata").path("labels").has(Dashboards.SIDECAR_LABEL)) {
                for (Map.Entry<String, JsonNode> file : document.path("data").properties()) {
                    for (JsonNode panel : JSON.readTree(file.getValue().asString()).path("panels")) {
                        for (JsonNode target : panel.path("targets")) {
                            queries.add(new Query(where + ", panel '" + panel.path("title").asString() + "' "
                                    + target.path("refId").asString(), target.path("expr").asString()));
                        }
                    }
                }
            } else if (kind.equals("ScaledObject")) {
                for (JsonNode trigger : document.path("spec").path("triggers")) {
                    if (trigger.path("type").asString().equals("prometheus")) {
                        queries.add(new Query(where + ", prometheus trigger",
                                trigger.path("metadata").path("query").asString()));
                    }
                }
            }
        }
        return queries;
    }
}
