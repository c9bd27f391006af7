package io.atlas.local.launch;

import io.atlas.catalog.CleanupPolicy;
import io.atlas.catalog.Topic;

import org.apache.avro.Schema;

import java.time.Duration;
import java.util.List;

/** The topic catalog as the Markdown table README.md shows, rendered from the catalog so the two cannot drift. */
final class TopicTable {

    private TopicTable() {
    }

    static String markdown(List<Topic<?, ?>> topics) {
        StringBuilder table = new StringBuilder(
                "| topic | key | value | partitions | retention | cleanup | purpose |\n|---|---|---|---|---|---|---|\n");
        for (Topic<?, ?> topic : topics) {
            Schema schema = topic.valueSchema();
            table.append("| `").append(topic.name()).append("` | ")
                    .append(topic.keyDescription()).append(" | ")
                    .append(schema == null ? "bytes" : "`" + schema.getName() + "` (Avro)").append(" | ")
                    .append(topic.partitions()).append(" | ")
                    .append(topic.cleanupPolicy() == CleanupPolicy.COMPACT ? "latest per key" : human(topic.retention()))
                    .append(" | ").append(topic.cleanupPolicy().configValue())
                    .append(" | ").append(topic.description()).append(" |\n");
        }
        return table.toString();
    }

    private static String human(Duration retention) {
        return retention.toHours() % 24 == 0 ? retention.toDays() + " d" : retention.toHours() + " h";
    }
}
