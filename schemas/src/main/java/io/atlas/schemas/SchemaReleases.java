package io.atlas.schemas;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.Schema;

/**
 * Reads every released version of a record schema from the classpath, oldest first.
 *
 * <p>Version {@code N} of record {@code Name} lives at {@code <root>/Name/vN.avsc}; versions are read from v1 upwards
 * until the first missing one. Each file is a self-contained snapshot (named types it uses are written out inline), so
 * a later change to a shared type can never rewrite history.
 */
public final class SchemaReleases {

    /** Classpath folder holding the released versions of the Atlas event schemas. */
    public static final String ROOT = "io/atlas/events/releases";

    private SchemaReleases() {
    }

    /** Released versions of the Atlas event record with this simple name (e.g. {@code MarketTick}), oldest first. */
    public static List<Schema> of(String recordName) {
        return load(ROOT, recordName);
    }

    /**
     * Released versions of {@code recordName} under a classpath folder, oldest first.
     *
     * @throws IllegalStateException when not even {@code v1.avsc} exists
     */
    public static List<Schema> load(String root, String recordName) {
        ClassLoader loader = SchemaReleases.class.getClassLoader();
        List<Schema> versions = new ArrayList<>();
        for (int version = 1; ; version++) {
            String path = root + "/" + recordName + "/v" + version + ".avsc";
            try (InputStream in = loader.getResourceAsStream(path)) {
                if (in == null) {
                    break;
                }
                // A fresh parser per file: releases must not see each other's named types.
                versions.add(new Schema.Parser().parse(in));
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot read schema release " + path, e);
            }
        }
        if (versions.isEmpty()) {
            throw new IllegalStateException("No released versions of " + recordName + " under " + root);
        }
        return List.copyOf(versions);
    }
}
