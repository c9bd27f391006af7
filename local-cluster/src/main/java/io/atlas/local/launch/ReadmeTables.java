package io.atlas.local.launch;

import io.atlas.catalog.Topics;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Keeps the tables of README.md that the code owns (the launcher's variables, the topic catalog) equal to the
 * code: each sits between {@code <!-- generated: ./atlas NAME -->} and {@code <!-- end generated -->}.
 */
final class ReadmeTables {

    private static final String END = "<!-- end generated -->";

    private ReadmeTables() {
    }

    /** The generated blocks by their command name, as the code renders them now. */
    static Map<String, String> current() {
        Map<String, String> blocks = new LinkedHashMap<>();
        blocks.put("config", LauncherConfig.markdownTable());
        blocks.put("topics", TopicTable.markdown(Topics.all()));
        return blocks;
    }

    /** README.md's text with every generated block replaced by what the code renders now. */
    static String refreshed(String readme) {
        String text = readme;
        for (Map.Entry<String, String> block : current().entrySet()) {
            String start = "<!-- generated: ./atlas " + block.getKey() + " -->";
            int from = text.indexOf(start);
            int to = text.indexOf(END, from);
            if (from < 0 || to < 0) {
                throw new IllegalStateException("README.md has no block " + start + " ... " + END);
            }
            text = text.substring(0, from + start.length()) + "\n" + block.getValue() + text.substring(to);
        }
        return text;
    }

    static void refresh(Path readme) throws IOException {
        Files.writeString(readme, refreshed(Files.readString(readme)));
    }
}
