package io.atlas.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.dataformat.yaml.YAMLMapper;

/** Reads rendered manifest folders back: their files and the YAML documents in them. */
public final class ManifestFiles {

    private static final ObjectMapper YAML = YAMLMapper.builder().build();

    private ManifestFiles() {
    }

    /** File name to text of every {@code .yaml} file in {@code folder}. */
    public static Map<String, String> read(Path folder) {
        Map<String, String> files = new TreeMap<>();
        try (Stream<Path> paths = Files.list(folder)) {
            for (Path path : paths.filter(p -> p.toString().endsWith(".yaml")).toList()) {
                files.put(path.getFileName().toString(), Files.readString(path));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return files;
    }

    /** The documents of one multi-document YAML text. */
    public static List<JsonNode> documents(String yaml) {
        try (var parser = YAML.createParser(yaml)) {
            return YAML.readValues(parser, JsonNode.class).readAll().stream()
                    .filter(node -> node != null && !node.isNull() && !node.isMissingNode()).toList();
        }
    }

    /** Every document of every {@code .yaml} file in {@code folder}, files in name order. */
    public static List<JsonNode> allDocuments(Path folder) {
        return read(folder).values().stream().flatMap(text -> documents(text).stream()).toList();
    }
}
