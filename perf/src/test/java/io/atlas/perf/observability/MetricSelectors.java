package io.atlas.perf.observability;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds the metric names a PromQL expression selects: an identifier followed by {@code {}, by {@code [} or standing
 * alone, and {@code __name__} matchers inside braces. Functions and aggregations (identifiers followed by a
 * parenthesis, or an aggregation followed by {@code by}/{@code without}), keywords, numbers, durations, strings,
 * and the label lists of {@code by}, {@code without}, {@code on}, {@code ignoring}, {@code group_left} and
 * {@code group_right} are skipped.
 */
final class MetricSelectors {

    /** One selected metric: an exact name, or a regular expression over names ({@code __name__=~}). */
    record Selector(String name, Pattern nameRegex) {

        static Selector exact(String name) {
            return new Selector(name, null);
        }

        @Override
        public String toString() {
            return name != null ? name : "{__name__=~\"" + nameRegex.pattern() + "\"}";
        }
    }

    private static final Set<String> AGGREGATIONS = Set.of("sum", "min", "max", "avg", "group", "stddev", "stdvar",
            "count", "count_values", "bottomk", "topk", "quantile", "limitk", "limit_ratio");
    private static final Set<String> LABEL_LIST_KEYWORDS = Set.of("by", "without", "on", "ignoring", "group_left",
            "group_right");
    private static final Set<String> KEYWORDS = Set.of("and", "or", "unless", "bool", "offset", "atan2", "inf", "nan",
            "start", "end");
    private static final Pattern NAME_MATCHER = Pattern.compile(
            "__name__\\s*(=~|!~|!=|=)\\s*(\"(?:[^\"\\\\]|\\\\.)*\"|'(?:[^'\\\\]|\\\\.)*')");

    private MetricSelectors() {
    }

    static List<Selector> of(String expr) {
        List<Selector> selectors = new ArrayList<>();
        int i = 0;
        while (i < expr.length()) {
            char c = expr.charAt(i);
            if (c == '"' || c == '\'' || c == '`') {
                i = afterString(expr, i);
            } else if (c == '[') {
                i = expr.indexOf(']', i) + 1;
            } else if (c == '{') {
                int end = afterBraces(expr, i);
                nameMatcher(expr.substring(i, end)).ifPresent(selectors::add);
                i = end;
            } else if (Character.isDigit(c) || c == '.' || c == '$') {
                // Numbers, durations (5m, 1e3) and dashboard variables are never metric names.
                i++;
                while (i < expr.length() && (Character.isLetterOrDigit(expr.charAt(i)) || expr.charAt(i) == '.'
                        || expr.charAt(i) == '_')) {
                    i++;
                }
            } else if (Character.isLetter(c) || c == '_' || c == ':') {
                int end = i;
                while (end < expr.length() && (Character.isLetterOrDigit(expr.charAt(end))
                        || expr.charAt(end) == '_' || expr.charAt(end) == ':')) {
                    end++;
                }
                String identifier = expr.substring(i, end);
                int next = skipSpaces(expr, end);
                char following = next < expr.length() ? expr.charAt(next) : ' ';
                if (LABEL_LIST_KEYWORDS.contains(identifier.toLowerCase())) {
                    i = following == '(' ? afterParentheses(expr, next) : next;
                } else if (KEYWORDS.contains(identifier.toLowerCase()) || following == '('
                        || AGGREGATIONS.contains(identifier)) {
                    i = end;
                } else {
                    selectors.add(Selector.exact(identifier));
                    i = following == '{' ? afterBraces(expr, next) : end;
                }
            } else {
                i++;
            }
        }
        return selectors;
    }

    private static Optional<Selector> nameMatcher(String braces) {
        Matcher matcher = NAME_MATCHER.matcher(braces);
        if (!matcher.find()) {
            return Optional.empty();
        }
        String quoted = matcher.group(2);
        String value = quoted.substring(1, quoted.length() - 1).replace("\\\\", "\\");
        return switch (matcher.group(1)) {
            case "=" -> Optional.of(Selector.exact(value));
            case "=~" -> Optional.of(new Selector(null, Pattern.compile(value)));
            // A negative matcher selects no particular metric.
            default -> Optional.empty();
        };
    }

    private static int afterString(String expr, int start) {
        char quote = expr.charAt(start);
        int i = start + 1;
        while (i < expr.length() && expr.charAt(i) != quote) {
            i += expr.charAt(i) == '\\' && quote != '`' ? 2 : 1;
        }
        return i + 1;
    }

    private static int afterBraces(String expr, int start) {
        int i = start + 1;
        while (i < expr.length() && expr.charAt(i) != '}') {
            char c = expr.charAt(i);
            i = c == '"' || c == '\'' || c == '`' ? afterString(expr, i) : i + 1;
        }
        return i + 1;
    }

    private static int afterParentheses(String expr, int start) {
        int close = expr.indexOf(')', start);
        return close < 0 ? expr.length() : close + 1;
    }

    private static int skipSpaces(String expr, int start) {
        int i = start;
        while (i < expr.length() && Character.isWhitespace(expr.charAt(i))) {
            i++;
        }
        return i;
    }
}
