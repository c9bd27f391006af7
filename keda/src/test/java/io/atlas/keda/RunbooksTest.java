package io.atlas.keda;

import static org.assertj.core.api.Assertions.assertThat;

import io.atlas.deploy.ManifestFiles;
import io.atlas.deploy.ManifestWriter;
import io.atlas.deploy.Runbooks;
import io.atlas.strimzi.StrimziManifests;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** Every alert either module renders links a runbook page that exists and tells what, how to confirm, fix, escalate. */
class RunbooksTest {

    /** Maven runs tests in the module folder; runbook paths are relative to the repository's root. */
    static final Path ROOT = Path.of("..");

    static final List<String> PARTS = List.of("## What it means", "## How to confirm", "## How to fix",
            "## When to escalate");

    /** Every alerting rule of every PrometheusRule rendered by strimzi/ and keda/, both regions. */
    static List<JsonNode> rules() {
        List<JsonNode> rules = new ArrayList<>();
        Stream.concat(StrimziManifests.render().stream(), KedaManifests.render().stream())
                .flatMap(manifest -> ManifestFiles.documents(ManifestWriter.yaml(manifest)).stream())
                .filter(document -> document.path("kind").asString().equals("PrometheusRule"))
                .forEach(document -> document.path("spec").path("groups").forEach(group ->
                        group.path("rules").forEach(rules::add)));
        return rules;
    }

    /** What is wrong with one rule's runbook link and page; empty when nothing is. */
    static List<String> problems(JsonNode rule) throws IOException {
        String alert = rule.path("alert").asString();
        String url = rule.path("annotations").path(Runbooks.ANNOTATION).asString("");
        if (!url.equals(Runbooks.url(alert))) {
            return List.of(alert + ": runbook_url is '" + url + "', not " + Runbooks.url(alert));
        }
        Path page = ROOT.resolve(Runbooks.file(alert));
        if (!Files.isRegularFile(page)) {
            return List.of(alert + ": no runbook page " + Runbooks.file(alert));
        }
        String text = Files.readString(page);
        List<String> problems = new ArrayList<>();
        if (!text.startsWith("# " + alert + "\n")) {
            problems.add(alert + ": " + Runbooks.file(alert) + " is titled for another alert");
        }
        PARTS.stream().filter(part -> !text.contains("\n" + part + "\n"))
                .forEach(part -> problems.add(alert + ": " + Runbooks.file(alert) + " lacks '" + part + "'"));
        return problems;
    }

    @Test
    void shouldLinkAnExistingCompleteRunbookFromEveryAlert() throws IOException {
        List<String> problems = new ArrayList<>();
        List<String> alerts = new ArrayList<>();
        for (JsonNode rule : rules()) {
            alerts.add(rule.path("alert").asString());
            problems.addAll(problems(rule));
        }

        assertThat(problems).isEmpty();
        assertThat(alerts).contains("AtlasServiceDown", "AtlasLatencyHigh", "AtlasMemoryHigh", "AtlasErrorRateHigh",
                "AtlasLagBeyondScaling", "AtlasPostgresBackupMissing", "AtlasMirrorBeyondRpo",
                "AtlasDrValidationFailed");
    }

    @Test
    void shouldListEveryRunbookInTheIndex() throws IOException {
        String index = Files.readString(ROOT.resolve(Runbooks.FOLDER).resolve("README.md"));

        for (JsonNode rule : rules()) {
            assertThat(index).contains("(" + rule.path("alert").asString() + ".md)");
        }
    }

    @Test
    void shouldReportAnAlertWithoutARunbookPage() throws IOException {
        ObjectNode rule = (ObjectNode) rules().get(0).deepCopy();
        rule.put("alert", "AtlasSomethingNew");
        ((ObjectNode) rule.path("annotations")).put(Runbooks.ANNOTATION, Runbooks.url("AtlasSomethingNew"));

        assertThat(problems(rule)).containsExactly(
                "AtlasSomethingNew: no runbook page keda/docs/runbooks/AtlasSomethingNew.md");
    }

    @Test
    void shouldReportAnAlertWithoutARunbookLink() throws IOException {
        ObjectNode rule = (ObjectNode) rules().get(0).deepCopy();
        ((ObjectNode) rule.path("annotations")).remove(Runbooks.ANNOTATION);

        assertThat(problems(rule)).singleElement().asString().contains("runbook_url is ''");
    }
}
