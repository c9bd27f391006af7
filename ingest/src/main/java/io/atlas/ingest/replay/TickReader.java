package io.atlas.ingest.replay;

import io.atlas.events.MarketTick;

import java.io.BufferedInputStream;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.zip.GZIPInputStream;

/**
 * Reads ticks from a text file, one per line, in file order: CSV ({@link CsvTickParser}) or JSON lines
 * ({@link JsonTickParser}). Gzip is recognised by its magic bytes, whatever the file is called. Blank lines are
 * skipped. Not thread-safe.
 */
public final class TickReader implements AutoCloseable {

    /** The file formats replay reads. */
    public enum Format { CSV, JSONL, AUTO }

    /** Turns one line into a tick; throws {@link MalformedTickException} naming the line. */
    interface LineParser {
        MarketTick parse(String line, long lineNumber);
    }

    private final BufferedReader reader;
    private final LineParser parser;
    private long lineNumber;

    private TickReader(BufferedReader reader, LineParser parser, long lineNumber) {
        this.reader = reader;
        this.parser = parser;
        this.lineNumber = lineNumber;
    }

    /** Opens {@code file}; {@link Format#AUTO} decides by the name (.csv, .jsonl/.json/.ndjson, before .gz). */
    public static TickReader open(Path file, Format format) throws IOException {
        BufferedReader reader = new BufferedReader(new InputStreamReader(decompressed(file), StandardCharsets.UTF_8),
                1 << 16);
        try {
            Format chosen = format == Format.AUTO ? formatOf(file) : format;
            if (chosen == Format.CSV) {
                String header = reader.readLine();
                if (header == null) {
                    throw new MalformedTickException(1, "empty file: a CSV tick file starts with a header row");
                }
                return new TickReader(reader, CsvTickParser.fromHeader(header), 1);
            }
            return new TickReader(reader, new JsonTickParser(), 0);
        } catch (RuntimeException | IOException e) {
            reader.close();
            throw e;
        }
    }

    static Format formatOf(Path file) {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        if (name.endsWith(".gz")) {
            name = name.substring(0, name.length() - 3);
        }
        if (name.endsWith(".csv")) {
            return Format.CSV;
        }
        if (name.endsWith(".jsonl") || name.endsWith(".json") || name.endsWith(".ndjson")) {
            return Format.JSONL;
        }
        throw new IllegalArgumentException("Cannot tell the format of " + file
                + " from its name (.csv, .jsonl, .json, .ndjson, optionally .gz); say --format csv or jsonl");
    }

    private static InputStream decompressed(Path file) throws IOException {
        BufferedInputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16);
        in.mark(2);
        int first = in.read();
        int second = in.read();
        in.reset();
        return first == 0x1f && second == 0x8b ? new GZIPInputStream(in, 1 << 16) : in;
    }

    /** The next tick, or null at the end of the file. */
    public MarketTick next() throws IOException {
        String line;
        while ((line = reader.readLine()) != null) {
            lineNumber++;
            if (!line.isBlank()) {
                return parser.parse(line, lineNumber);
            }
        }
        return null;
    }

    /** The number of the line last read, from 1 (the CSV header is line 1). */
    public long lineNumber() {
        return lineNumber;
    }

    @Override
    public void close() throws IOException {
        reader.close();
    }
}
