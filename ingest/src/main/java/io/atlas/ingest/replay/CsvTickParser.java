package io.atlas.ingest.replay;

import io.atlas.events.MarketTick;
import io.atlas.events.Side;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Reads CSV tick lines whose columns the header row names, in any order: {@code symbol, venue, exchange_time_micros}
 * (or {@code exchange_time}; epoch microseconds, or an ISO-8601 instant such as {@code 2026-01-05T14:30:00.000125Z})
 * {@code , bid, ask, last, bid_size, ask_size, last_size}, and optionally {@code aggressor} (BUY, SELL, UNKNOWN; empty
 * = UNKNOWN) and {@code sequence} (read and checked to be a number, then renumbered by the publisher). Fields may be
 * wrapped in double quotes ("" inside quotes is a quote); unknown columns are ignored.
 */
final class CsvTickParser implements TickReader.LineParser {

    private static final List<String> REQUIRED = List.of("symbol", "venue", "exchange_time_micros", "bid", "ask",
            "last", "bid_size", "ask_size", "last_size");

    private final Map<String, Integer> columns;
    private final int width;

    private CsvTickParser(Map<String, Integer> columns, int width) {
        this.columns = columns;
        this.width = width;
    }

    static CsvTickParser fromHeader(String header) {
        List<String> names = split(header.startsWith("\uFEFF") ? header.substring(1) : header, 1);
        Map<String, Integer> columns = new HashMap<>();
        for (int i = 0; i < names.size(); i++) {
            String name = names.get(i).trim().toLowerCase(Locale.ROOT);
            columns.put(name.equals("exchange_time") ? "exchange_time_micros" : name, i);
        }
        List<String> missing = REQUIRED.stream().filter(c -> !columns.containsKey(c)).toList();
        if (!missing.isEmpty()) {
            throw new MalformedTickException(1, "the header lacks the column(s) " + missing + "; it needs "
                    + REQUIRED + " and may add aggressor, sequence");
        }
        return new CsvTickParser(columns, names.size());
    }

    @Override
    public MarketTick parse(String line, long lineNumber) {
        List<String> fields = split(line, lineNumber);
        if (fields.size() != width) {
            throw new MalformedTickException(lineNumber, fields.size() + " fields where the header has " + width);
        }
        MarketTick tick = new MarketTick();
        tick.setSymbol(text(fields, "symbol", lineNumber));
        tick.setVenue(text(fields, "venue", lineNumber));
        tick.setExchangeTimeMicros(time(field(fields, "exchange_time_micros"), lineNumber));
        tick.setBid(number(fields, "bid", lineNumber));
        tick.setAsk(number(fields, "ask", lineNumber));
        tick.setLast(number(fields, "last", lineNumber));
        tick.setBidSize(number(fields, "bid_size", lineNumber));
        tick.setAskSize(number(fields, "ask_size", lineNumber));
        tick.setLastSize(number(fields, "last_size", lineNumber));
        tick.setAggressor(aggressor(fields, lineNumber));
        if (columns.containsKey("sequence") && !field(fields, "sequence").isEmpty()) {
            try {
                tick.setSequence(Long.parseLong(field(fields, "sequence")));
            } catch (NumberFormatException e) {
                throw new MalformedTickException(lineNumber, "sequence is not a whole number: '"
                        + field(fields, "sequence") + "'");
            }
        }
        return tick;
    }

    private String field(List<String> fields, String column) {
        return fields.get(columns.get(column)).trim();
    }

    private String text(List<String> fields, String column, long lineNumber) {
        String value = field(fields, column);
        if (value.isEmpty()) {
            throw new MalformedTickException(lineNumber, column + " is empty");
        }
        return value;
    }

    private double number(List<String> fields, String column, long lineNumber) {
        String value = field(fields, column);
        try {
            double number = Double.parseDouble(value);
            if (!Double.isFinite(number)) {
                throw new NumberFormatException();
            }
            return number;
        } catch (NumberFormatException e) {
            throw new MalformedTickException(lineNumber, column + " is not a finite number: '" + value + "'");
        }
    }

    private Side aggressor(List<String> fields, long lineNumber) {
        if (!columns.containsKey("aggressor") || field(fields, "aggressor").isEmpty()) {
            return Side.UNKNOWN;
        }
        String value = field(fields, "aggressor");
        try {
            return Side.valueOf(value.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new MalformedTickException(lineNumber, "aggressor must be BUY, SELL or UNKNOWN, not '" + value + "'");
        }
    }

    static long time(String value, long lineNumber) {
        if (value.isEmpty()) {
            throw new MalformedTickException(lineNumber, "exchange_time_micros is empty");
        }
        char first = value.charAt(0);
        if (Character.isDigit(first) && value.chars().allMatch(Character::isDigit)) {
            try {
                return Long.parseLong(value);
            } catch (NumberFormatException e) {
                throw new MalformedTickException(lineNumber, "exchange_time_micros is out of range: '" + value + "'");
            }
        }
        try {
            Instant instant = Instant.parse(value);
            return Math.addExact(Math.multiplyExact(instant.getEpochSecond(), 1_000_000L), instant.getNano() / 1_000);
        } catch (DateTimeParseException | ArithmeticException e) {
            throw new MalformedTickException(lineNumber, "exchange time is neither epoch microseconds nor an "
                    + "ISO-8601 instant: '" + value + "'");
        }
    }

    /** Splits one CSV line on commas, honouring double quotes. */
    static List<String> split(String line, long lineNumber) {
        List<String> fields = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quoted) {
                if (c == '"') {
                    if (i + 1 < line.length() && line.charAt(i + 1) == '"') {
                        field.append('"');
                        i++;
                    } else {
                        quoted = false;
                    }
                } else {
                    field.append(c);
                }
            } else if (c == '"') {
                quoted = true;
            } else if (c == ',') {
                fields.add(field.toString());
                field.setLength(0);
            } else {
                field.append(c);
            }
        }
        if (quoted) {
            throw new MalformedTickException(lineNumber, "a quoted field is not closed");
        }
        fields.add(field.toString());
        return fields;
    }
}
