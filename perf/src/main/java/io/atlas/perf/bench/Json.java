package io.atlas.perf.bench;

import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Writes a tree of maps, lists, strings, numbers, booleans and nulls as JSON: containers that fit on one short line
 * stay on it, longer ones get a line per entry. Doubles keep three decimals; non-finite ones become null.
 */
final class Json {

    private static final int INLINE_WIDTH = 200;

    private Json() {
    }

    static String write(Object value) {
        StringBuilder b = new StringBuilder();
        write(value, b, 0);
        return b.append('\n').toString();
    }

    private static void write(Object value, StringBuilder b, int depth) {
        if (value instanceof Map<?, ?> || value instanceof List<?>) {
            String inline = inline(value);
            if (inline.length() <= INLINE_WIDTH) {
                b.append(inline);
            } else {
                container(value, b, depth);
            }
        } else {
            b.append(scalar(value));
        }
    }

    private static void container(Object value, StringBuilder b, int depth) {
        boolean map = value instanceof Map<?, ?>;
        Iterator<?> entries = map ? ((Map<?, ?>) value).entrySet().iterator() : ((List<?>) value).iterator();
        b.append(map ? '{' : '[');
        String indent = "  ".repeat(depth + 1);
        boolean any = false;
        while (entries.hasNext()) {
            Object entry = entries.next();
            b.append(any ? ",\n" : "\n").append(indent);
            if (map) {
                Map.Entry<?, ?> e = (Map.Entry<?, ?>) entry;
                b.append(string(e.getKey().toString())).append(": ");
                write(e.getValue(), b, depth + 1);
            } else {
                write(entry, b, depth + 1);
            }
            any = true;
        }
        if (any) {
            b.append('\n').append("  ".repeat(depth));
        }
        b.append(map ? '}' : ']');
    }

    private static String inline(Object value) {
        StringBuilder b = new StringBuilder();
        if (value instanceof Map<?, ?> map) {
            b.append('{');
            boolean any = false;
            for (Map.Entry<?, ?> e : map.entrySet()) {
                b.append(any ? ", " : "").append(string(e.getKey().toString())).append(": ")
                        .append(inline(e.getValue()));
                any = true;
            }
            return b.append('}').toString();
        }
        if (value instanceof List<?> list) {
            b.append('[');
            boolean any = false;
            for (Object item : list) {
                b.append(any ? ", " : "").append(inline(item));
                any = true;
            }
            return b.append(']').toString();
        }
        return scalar(value);
    }

    private static String scalar(Object value) {
        if (value == null) {
            return "null";
        }
        if (value instanceof Double || value instanceof Float) {
            double d = ((Number) value).doubleValue();
            return Double.isFinite(d) ? String.format(Locale.ROOT, "%.3f", d) : "null";
        }
        if (value instanceof Number || value instanceof Boolean) {
            return value.toString();
        }
        return string(value.toString());
    }

    static String string(String value) {
        StringBuilder b = new StringBuilder("\"");
        for (char c : value.toCharArray()) {
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                default -> {
                    if (c < 0x20) {
                        b.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        return b.append('"').toString();
    }
}
