package io.atlas.strimzi;

import static org.assertj.core.api.Assertions.assertThat;

import io.atlas.catalog.Application;
import io.atlas.catalog.Applications;
import io.atlas.catalog.Topic;
import io.atlas.catalog.Topics;
import io.atlas.deploy.ManifestFiles;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** Reads the committed YAML back and checks it against the catalogs in code, written independently of the generator. */
class CatalogCrossCheckTest {

    static Map<String, JsonNode> committed(String file, String kind) {
        String yaml = ManifestFiles.read(StrimziManifestsTest.COMMITTED).get(file);
        Map<String, JsonNode> byName = new TreeMap<>();
        ManifestFiles.documents(yaml).stream().filter(doc -> kind.equals(doc.path("kind").asString()))
                .forEach(doc -> byName.put(doc.path("metadata").path("name").asString(), doc));
        return byName;
    }

    @Test
    void shouldDeclareEveryCatalogTopicWithItsPartitionsAndExactlyItsConfigs() {
        Map<String, JsonNode> topics = new TreeMap<>();
        committed("20-topics.yaml", "KafkaTopic").values()
                .forEach(doc -> topics.put(doc.path("spec").path("topicName").asString(), doc.path("spec")));

        assertThat(topics.keySet()).containsExactlyInAnyOrderElementsOf(
                Topics.all().stream().map(Topic::name).toList());
        for (Topic<?, ?> topic : Topics.all()) {
            JsonNode spec = topics.get(topic.name());
            assertThat(spec.path("partitions").asInt()).as(topic.name()).isEqualTo(topic.partitions());
            assertThat(spec.path("replicas").asInt()).as(topic.name()).isEqualTo(3);
            Map<String, String> configs = new TreeMap<>();
            spec.path("config").properties().forEach(e -> configs.put(e.getKey(), e.getValue().asString()));
            assertThat(configs).as(topic.name()).isEqualTo(new TreeMap<>(topic.configs()));
        }
    }

    @Test
    void shouldGrantEachApplicationExactlyWhatItsCatalogEntryUses() {
        Map<String, JsonNode> users = committed("30-users.yaml", "KafkaUser");

        for (Application app : Applications.all()) {
            assertThat(users).containsKey(app.name());
            assertThat(grants(users.get(app.name()))).as(app.name()).isEqualTo(expectedGrants(app));
        }
    }

    @Test
    void shouldLetTheKedaScalerOnlyDescribeTheScaledGroupsAndTopics() {
        JsonNode scaler = committed("30-users.yaml", "KafkaUser").get(AccessControl.KEDA_SCALER_USER);

        assertThat(grants(scaler)).containsExactlyInAnyOrder(
                "topic:literal:atlas.ticks.raw:Describe", "group:literal:atlas-ingest-bridge:Describe",
                "topic:literal:atlas.ticks:Describe", "group:literal:atlas-inference:Describe");
    }

    @Test
    void shouldLetTheRestoreOnlyReadWhatCdcPublishedAndMoveItsOffsets() {
        JsonNode restore = committed("30-users.yaml", "KafkaUser").get(AccessControl.CDC_RESTORE_USER);

        assertThat(grants(restore)).containsExactlyInAnyOrder(
                "topic:literal:atlas.instruments:Read", "topic:literal:atlas.instruments:Describe",
                "topic:literal:atlas.model-releases:Read", "topic:literal:atlas.model-releases:Describe",
                "topic:literal:atlas.cdc.offsets:Read", "topic:literal:atlas.cdc.offsets:Write",
                "topic:literal:atlas.cdc.offsets:Describe");
    }

    @Test
    void shouldReportAnAclWiderThanTheCatalogAllows() {
        JsonNode bridge = committed("30-users.yaml", "KafkaUser").get("ingest-bridge").deepCopy();
        ObjectNode wider = ((ArrayNode) bridge.path("spec").path("authorization").path("acls")).addObject();
        wider.putObject("resource").put("type", "topic").put("name", "atlas.").put("patternType", "prefix");
        wider.putArray("operations").add("Read");

        Set<String> extra = new TreeSet<>(grants(bridge));
        extra.removeAll(expectedGrants(Applications.INGEST_BRIDGE));

        assertThat(extra).containsExactly("topic:prefix:atlas.:Read");
    }

    /** What the application's facts allow, spelled out one grant at a time. */
    static Set<String> expectedGrants(Application app) {
        Set<String> grants = new TreeSet<>();
        app.reads().forEach(t -> grants.addAll(Set.of("topic:literal:" + t.name() + ":Read",
                "topic:literal:" + t.name() + ":Describe")));
        app.writes().forEach(t -> grants.addAll(Set.of("topic:literal:" + t.name() + ":Write",
                "topic:literal:" + t.name() + ":Describe")));
        app.consumerGroup().ifPresent(g -> grants.add("group:literal:" + g + ":Read"));
        app.transactionalIdPrefix().ifPresent(p -> grants.addAll(Set.of("transactionalId:prefix:" + p + ":Write",
                "transactionalId:prefix:" + p + ":Describe")));
        app.internalTopicPrefix().ifPresent(p -> Set.of("Create", "Delete", "DescribeConfigs", "Read", "Write",
                "Describe").forEach(op -> grants.add("topic:prefix:" + p + ":" + op)));
        return grants;
    }

    /** The grants a rendered KafkaUser holds, as {@code type:pattern:name:operation}. */
    static Set<String> grants(JsonNode user) {
        Set<String> grants = new TreeSet<>();
        for (JsonNode acl : user.path("spec").path("authorization").path("acls")) {
            assertThat(acl.path("type").asString("allow")).isEqualTo("allow");
            assertThat(acl.path("host").asString("*")).isEqualTo("*");
            JsonNode resource = acl.path("resource");
            String prefix = resource.path("type").asString() + ":" + resource.path("patternType").asString("literal")
                    + ":" + resource.path("name").asString("*") + ":";
            for (JsonNode op : acl.path("operations")) {
                grants.add(prefix + op.asString());
            }
        }
        return grants.stream().collect(Collectors.toCollection(TreeSet::new));
    }
}
