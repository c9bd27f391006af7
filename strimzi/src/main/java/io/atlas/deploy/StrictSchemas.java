package io.atlas.deploy;

import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * Reads the offline Kubernetes schemas of a {@link SchemaFolder} (CRDs and Kubernetes OpenAPI v3 files) and validates
 * Kubernetes resources against them in strict mode: an unknown field is an error, as with kubectl's server-side
 * strict field validation.
 *
 * <p>Strict means {@code additionalProperties: false} is added to every object schema that lists {@code properties},
 * sets no {@code additionalProperties} and does not preserve unknown fields; {@code oneOf}/{@code anyOf}/
 * {@code allOf}/{@code not} branches are left alone because they only constrain what the parent schema allows.
 */
public final class StrictSchemas {

    private static final ObjectMapper JSON = JsonMapper.builder().build();
    private static final ObjectMapper YAML = YAMLMapper.builder().build();
    private static final Set<String> BRANCHES = Set.of("oneOf", "anyOf", "allOf", "not");

    private final SchemaRegistry registry = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12);
    private final Map<String, JsonNode> schemaNodes = new TreeMap<>();
    private final Map<String, Schema> schemas = new ConcurrentHashMap<>();

    private StrictSchemas() {
    }

    /** Loads every CRD (each document of a {@code *.yaml}) and OpenAPI file ({@code *.json}) under {@code folder}. */
    public static StrictSchemas load(Path folder) {
        StrictSchemas loaded = new StrictSchemas();
        try (Stream<Path> files = Files.walk(folder)) {
            for (Path file : files.filter(Files::isRegularFile).sorted().toList()) {
                String name = file.getFileName().toString();
                if (name.endsWith(".yaml")) {
                    // A CRD file may hold several CRDs (the VPA's holds two), one YAML document each.
                    ManifestFiles.documents(Files.readString(file)).forEach(loaded::addCrd);
                } else if (name.endsWith(".json")) {
                    loaded.addOpenApi(JSON.readTree(Files.readString(file)));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read schemas in " + folder, e);
        }
        if (loaded.schemaNodes.isEmpty()) {
            throw new IllegalStateException("No schemas found in " + folder);
        }
        return loaded;
    }

    /** The keys of the kinds known, {@code group/version Kind} (core kinds as {@code v1 Kind}). */
    public Set<String> kinds() {
        return schemaNodes.keySet();
    }

    /**
     * Validates one resource given as a JSON tree; its {@code apiVersion} and {@code kind} choose the schema.
     *
     * @return the problems, each naming the path of the field; empty when the resource is valid
     */
    public List<String> validate(JsonNode resource) {
        String key = key(resource.path("apiVersion").asString(""), resource.path("kind").asString(""));
        JsonNode schemaNode = schemaNodes.get(key);
        if (schemaNode == null) {
            return List.of("no schema for " + key);
        }
        Schema schema = schemas.computeIfAbsent(key, ignored -> registry.getSchema(schemaNode));
        return schema.validate(resource).stream().map(StrictSchemas::describe).toList();
    }

    /** Validates a resource object (anything fabric8 can serialize) by converting it to a JSON tree first. */
    public List<String> validate(Object resource) {
        return validate(toTree(resource));
    }

    /** The JSON tree of a Kubernetes model object, as the API server would receive it. */
    public static JsonNode toTree(Object resource) {
        return YAML.readTree(io.fabric8.kubernetes.client.utils.Serialization.asYaml(resource));
    }

    private static String describe(Error error) {
        return error.getInstanceLocation() + ": " + error.getMessage();
    }

    private void addCrd(JsonNode crd) {
        if (!"CustomResourceDefinition".equals(crd.path("kind").asString(""))) {
            return;
        }
        String group = crd.path("spec").path("group").asString();
        String kind = crd.path("spec").path("names").path("kind").asString();
        for (JsonNode version : crd.path("spec").path("versions")) {
            if (version.path("served").asBoolean(false)) {
                JsonNode schema = version.path("schema").path("openAPIV3Schema").deepCopy();
                strict(schema);
                schemaNodes.put(key(group + "/" + version.path("name").asString(), kind), schema);
            }
        }
    }

    private void addOpenApi(JsonNode openApi) {
        ObjectNode components = (ObjectNode) openApi.path("components").deepCopy();
        for (JsonNode schema : components.path("schemas")) {
            strict(schema);
        }
        Iterator<Map.Entry<String, JsonNode>> entries = components.path("schemas").properties().iterator();
        while (entries.hasNext()) {
            Map.Entry<String, JsonNode> entry = entries.next();
            for (JsonNode gvk : entry.getValue().path("x-kubernetes-group-version-kind")) {
                String group = gvk.path("group").asString("");
                String version = gvk.path("version").asString();
                ObjectNode root = JSON.createObjectNode();
                root.set("components", components);
                root.put("$ref", "#/components/schemas/" + entry.getKey());
                schemaNodes.put(key(group.isEmpty() ? version : group + "/" + version, gvk.path("kind").asString()),
                        root);
            }
        }
    }

    /** Adds {@code additionalProperties: false} where the README's strict mode says, recursively. */
    static void strict(JsonNode node) {
        if (node instanceof ObjectNode object) {
            if (object.has("properties") && !object.has("additionalProperties")
                    && !object.path("x-kubernetes-preserve-unknown-fields").asBoolean(false)) {
                object.put("additionalProperties", false);
            }
            for (Map.Entry<String, JsonNode> field : object.properties()) {
                if (BRANCHES.contains(field.getKey())) {
                    continue;
                }
                if (field.getKey().equals("properties")) {
                    field.getValue().forEach(StrictSchemas::strict);
                } else {
                    strict(field.getValue());
                }
            }
        } else if (node != null && node.isArray()) {
            node.forEach(StrictSchemas::strict);
        }
    }

    private static String key(String apiVersion, String kind) {
        return apiVersion + " " + kind;
    }
}
