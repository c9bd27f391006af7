package io.atlas.connect.docs;

import static org.assertj.core.api.Assertions.assertThat;

import io.atlas.catalog.CleanupPolicy;
import io.atlas.catalog.Topic;
import io.atlas.catalog.Topics;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The root README's table of topics for analytics says what the catalog says: contract, key, retention. */
class AnalyticsReadmeTest {

    private static final String HEADING = "## Analytics: reading Atlas's topics (connect/)";

    @Test
    void shouldDescribeEachTopicAsTheCatalogDeclaresIt() throws Exception {
        List<String> rows = analyticsTableRows();

        assertThat(rows).isNotEmpty();
        for (String row : rows) {
            String[] cells = row.split(" \\| ");
            String name = cells[0].replace("| `", "").replace("`", "").trim();
            Topic<?, ?> topic = Topics.all().stream().filter(t -> t.name().equals(name)).findFirst()
                    .orElseThrow(() -> new AssertionError(name + " is not a catalog topic"));
            assertThat(cells[1]).as(name + " contract").isEqualTo("`" + topic.valueSchema().getName() + "`");
            assertThat(cells[2]).as(name + " key").isEqualTo(topic.keyDescription());
            assertThat(cells[3]).as(name + " retention").isEqualTo(kept(topic));
        }
    }

    private static String kept(Topic<?, ?> topic) {
        return topic.cleanupPolicy() == CleanupPolicy.COMPACT ? "latest per key (compact)"
                : topic.retention().toDays() + " d (delete)";
    }

    private static List<String> analyticsTableRows() throws Exception {
        List<String> lines = Files.readAllLines(Path.of("..", "README.md"));
        int start = lines.indexOf(HEADING);
        assertThat(start).as("README.md has the section " + HEADING).isNotNegative();
        List<String> section = lines.subList(start, lines.size());
        int header = section.indexOf("| topic | contract | key | kept | read it for |");
        return section.subList(header + 2, section.size()).stream().takeWhile(line -> line.startsWith("| `"))
                .toList();
    }
}
