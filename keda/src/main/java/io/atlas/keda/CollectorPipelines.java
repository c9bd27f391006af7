package io.atlas.keda;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * Checks an OpenTelemetry Collector configuration (the collector's and Jaeger v2's share the format) the way the
 * collector does at start: every pipeline has receivers and exporters, and every receiver, processor, exporter and
 * extension the service names is defined in its section.
 */
public final class CollectorPipelines {

    private static final List<String> STAGES = List.of("receivers", "processors", "exporters");

    private CollectorPipelines() {
    }

    /** Every problem found; empty when the collector would accept the wiring. */
    public static List<String> problems(JsonNode config) {
        List<String> problems = new ArrayList<>();
        JsonNode service = config.path("service");
        for (JsonNode extension : service.path("extensions")) {
            if (!config.path("extensions").has(extension.asString())) {
                problems.add("service.extensions names '" + extension.asString()
                        + "', which extensions does not define");
            }
        }
        if (service.path("pipelines").isEmpty()) {
            problems.add("service.pipelines defines no pipeline");
        }
        for (Map.Entry<String, JsonNode> pipeline : service.path("pipelines").properties()) {
            for (String stage : STAGES) {
                JsonNode components = pipeline.getValue().path(stage);
                if (!stage.equals("processors") && components.isEmpty()) {
                    problems.add("pipeline " + pipeline.getKey() + " has no " + stage);
                }
                for (JsonNode component : components) {
                    if (!config.path(stage).has(component.asString())) {
                        problems.add("pipeline " + pipeline.getKey() + " names " + stage + " '" + component.asString()
                                + "', which " + stage + " does not define");
                    }
                }
            }
        }
        return problems;
    }
}
