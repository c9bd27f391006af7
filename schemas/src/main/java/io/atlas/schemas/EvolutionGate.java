package io.atlas.schemas;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaCompatibility.Incompatibility;
import org.apache.avro.SchemaCompatibility.SchemaCompatibilityType;
import org.apache.avro.SchemaCompatibility.SchemaPairCompatibility;

/**
 * Reads an ordered history of one record's schema versions and writes out every step that breaks compatibility.
 *
 * <p>Each version must be both backward compatible (it can read data written with the previous version) and forward
 * compatible (the previous version can read data it writes) with its predecessor: producers and consumers are
 * upgraded independently, so either side may be the older one.
 */
public final class EvolutionGate {

    /** Which reader could not read which writer. */
    public enum Direction {
        /** The newer version cannot read data written with the older one. */
        BACKWARD,
        /** The older version cannot read data written with the newer one. */
        FORWARD
    }

    /**
     * One incompatible step in a history.
     *
     * @param record full name of the newer schema
     * @param olderVersion 1-based position of the older schema in the history
     * @param newerVersion 1-based position of the newer schema in the history
     * @param direction which way reading fails
     * @param problems Avro's incompatibility descriptions: type, location and message (often the field name)
     */
    public record Violation(String record, int olderVersion, int newerVersion, Direction direction,
                            List<String> problems) {

        @Override
        public String toString() {
            return record + " v" + olderVersion + " -> v" + newerVersion + " is not " + direction.name().toLowerCase()
                    + " compatible: " + String.join("; ", problems);
        }
    }

    private EvolutionGate() {
    }

    /** Violations between each consecutive pair of {@code versions} (oldest first); empty when the history is sound. */
    public static List<Violation> check(List<Schema> versions) {
        List<Violation> violations = new ArrayList<>();
        for (int i = 1; i < versions.size(); i++) {
            Schema older = versions.get(i - 1);
            Schema newer = versions.get(i);
            check(newer, older, Direction.BACKWARD, newer.getFullName(), i, violations);
            check(older, newer, Direction.FORWARD, newer.getFullName(), i, violations);
        }
        return List.copyOf(violations);
    }

    private static void check(Schema reader, Schema writer, Direction direction, String record, int olderVersion,
                              List<Violation> violations) {
        SchemaPairCompatibility result = SchemaCompatibility.checkReaderWriterCompatibility(reader, writer);
        if (result.getType() == SchemaCompatibilityType.COMPATIBLE) {
            return;
        }
        List<String> problems = result.getResult().getIncompatibilities().stream()
                .map(EvolutionGate::describe)
                .collect(Collectors.toList());
        violations.add(new Violation(record, olderVersion, olderVersion + 1, direction, problems));
    }

    private static String describe(Incompatibility incompatibility) {
        return incompatibility.getType() + " at " + incompatibility.getLocation() + ": " + incompatibility.getMessage();
    }
}
