package io.atlas.inference.train;

import io.atlas.events.MarketTick;
import io.atlas.events.Side;
import io.atlas.schemas.json.EdgeJson;
import io.atlas.schemas.json.InvalidJsonException;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Reads ticks from a file: JSON lines (one EdgeJson {@code MarketTick} object per line, the edge format) or, for a
 * name ending in {@code .csv}, CSV with a header row naming the MarketTick fields. Blank lines are skipped; a bad
 * line fails naming its line number.
 */
public final class TickFiles {

    private static final EdgeJson JSON = new EdgeJson();

    private TickFiles() {
    }

    public static List<MarketTick> read(Path file) {
        boolean csv = file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".csv");
        List<MarketTick> ticks = new ArrayList<>();
        try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String line;
            int number = 0;
            String[] header = null;
            while ((line = reader.readLine()) != null) {
                number++;
                if (line.isBlank()) {
                    continue;
                }
                try {
                    if (!csv) {
                        ticks.add(JSON.read(line.getBytes(StandardCharsets.UTF_8), MarketTick.class));
                    } else if (header == null) {
                        header = line.trim().split(",");
                    } else {
                        ticks.add(fromCsv(header, line.split(",", -1)));
                    }
                } catch (InvalidJsonException | IllegalArgumentException e) {
                    throw new IllegalArgumentException(file + " line " + number + ": " + e.getMessage(), e);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read ticks from " + file, e);
        }
        return ticks;
    }

    private static MarketTick fromCsv(String[] header, String[] cells) {
        if (cells.length != header.length) {
            throw new IllegalArgumentException(cells.length + " columns, the header has " + header.length);
        }
        Map<String, String> row = new HashMap<>();
        for (int i = 0; i < header.length; i++) {
            row.put(header[i].trim(), cells[i].trim());
        }
        return MarketTick.newBuilder()
                .setSymbol(required(row, "symbol"))
                .setVenue(row.getOrDefault("venue", ""))
                .setSequence(Long.parseLong(required(row, "sequence")))
                .setExchangeTimeMicros(Long.parseLong(required(row, "exchangeTimeMicros")))
                .setIngestTimeMicros(Long.parseLong(row.getOrDefault("ingestTimeMicros",
                        row.get("exchangeTimeMicros"))))
                .setBid(Double.parseDouble(required(row, "bid")))
                .setAsk(Double.parseDouble(required(row, "ask")))
                .setLast(Double.parseDouble(required(row, "last")))
                .setBidSize(Double.parseDouble(required(row, "bidSize")))
                .setAskSize(Double.parseDouble(required(row, "askSize")))
                .setLastSize(Double.parseDouble(required(row, "lastSize")))
                .setAggressor(row.containsKey("aggressor") && !row.get("aggressor").isEmpty()
                        ? Side.valueOf(row.get("aggressor")) : Side.UNKNOWN)
                .build();
    }

    private static String required(Map<String, String> row, String field) {
        String value = row.get(field);
        if (value == null || value.isEmpty()) {
            throw new IllegalArgumentException("missing " + field);
        }
        return value;
    }
}
