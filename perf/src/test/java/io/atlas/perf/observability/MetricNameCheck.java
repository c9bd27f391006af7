package io.atlas.perf.observability;

import io.atlas.perf.observability.ExternalExporters.Exporter;
import io.atlas.perf.observability.MetricSelectors.Selector;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Judges every metric a query selects: an exact name must be registered by an Atlas service or provided by a declared
 * exporter; a {@code __name__} regular expression must match at least one such name.
 */
final class MetricNameCheck {

    /** A PromQL expression and where it was found (rule, panel or trigger), for the failure message. */
    record Query(String source, String expr) {
    }

    private final Set<String> registered;
    private final List<Exporter> exporters;

    MetricNameCheck(Set<String> registered, List<Exporter> exporters) {
        this.registered = Set.copyOf(registered);
        this.exporters = List.copyOf(exporters);
    }

    /** One line per selected metric nobody exports, naming the query's source and the metric. */
    List<String> problems(List<Query> queries) {
        List<String> problems = new ArrayList<>();
        for (Query query : queries) {
            List<Selector> selectors = MetricSelectors.of(query.expr());
            if (selectors.isEmpty() && !query.expr().startsWith("vector(")) {
                problems.add(query.source() + ": selects no metric in '" + query.expr() + "'");
            }
            for (Selector selector : selectors) {
                if (!exported(selector)) {
                    problems.add(query.source() + ": metric " + selector + " is registered by no Atlas service and "
                            + "provided by no declared exporter");
                }
            }
        }
        return problems;
    }

    private boolean exported(Selector selector) {
        if (selector.name() != null) {
            return registered.contains(selector.name())
                    || exporters.stream().anyMatch(exporter -> exporter.provides(selector.name()));
        }
        return registered.stream().anyMatch(name -> selector.nameRegex().matcher(name).matches())
                || exporters.stream().anyMatch(exporter -> exporter.providesAny(selector.nameRegex()));
    }
}
