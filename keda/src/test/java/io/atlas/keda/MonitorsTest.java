package io.atlas.keda;

import static org.assertj.core.api.Assertions.assertThat;

import io.atlas.catalog.Application;
import io.atlas.catalog.Applications;
import io.atlas.deploy.ManifestFiles;
import io.atlas.ops.OpsServer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** The committed ServiceMonitors scrape what the alerts select: the same job, the ops port, the metrics path. */
class MonitorsTest {

    static List<JsonNode> committed(String kind) {
        List<JsonNode> found = new ArrayList<>();
        ManifestFiles.allDocuments(KedaManifestsTest.COMMITTED).stream()
                .filter(doc -> kind.equals(doc.path("kind").asString())).forEach(found::add);
        return found;
    }

    static JsonNode named(String kind, String name) {
        return committed(kind).stream().filter(doc -> name.equals(doc.path("metadata").path("name").asString()))
                .findFirst().orElseThrow(() -> new AssertionError("no " + kind + " " + name));
    }

    static boolean selects(JsonNode selector, JsonNode labels) {
        for (Map.Entry<String, JsonNode> wanted : selector.properties()) {
            if (!wanted.getValue().asString().equals(labels.path(wanted.getKey()).asString(null))) {
                return false;
            }
        }
        return true;
    }

    @Test
    void shouldGiveEveryApplicationTheJobItsServiceDownAlertSelects() {
        List<String> serviceDown = AlertRulesTest.named("AtlasServiceDown").stream()
                .map(rule -> rule.path("expr").asString()).toList();
        for (Application application : Applications.all()) {
            JsonNode monitor = named("ServiceMonitor", application.name());
            JsonNode selector = monitor.path("spec").path("selector").path("matchLabels");
            List<JsonNode> services = committed("Service").stream()
                    .filter(service -> selects(selector, service.path("metadata").path("labels"))).toList();
            assertThat(services).as(application.name()).isNotEmpty();

            for (JsonNode service : services) {
                // What the Prometheus operator writes into the job label of every target of this Service.
                String job = service.path("metadata").path("labels")
                        .path(monitor.path("spec").path("jobLabel").asString()).asString("");
                assertThat(serviceDown).as(application.name())
                        .anySatisfy(expr -> assertThat(expr).contains("job=\"" + job + "\""));
            }
        }
    }

    @Test
    void shouldScrapeTheOpsPortsMetricsPathOfEveryApplication() {
        for (Application application : Applications.all()) {
            JsonNode endpoint = named("ServiceMonitor", application.name()).path("spec").path("endpoints").get(0);
            JsonNode opsPort = named("Service", application.name()).path("spec").path("ports").get(0);

            assertThat(endpoint.path("path").asString()).isEqualTo(OpsServer.METRICS);
            assertThat(endpoint.path("port").asString()).isEqualTo(opsPort.path("name").asString());
            assertThat(opsPort.path("port").asInt()).isEqualTo(application.opsPort());
        }
    }
}
