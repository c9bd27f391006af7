package io.atlas.perf.micro;

import java.util.Map;

/**
 * One JMH result row.
 *
 * @param benchmark the benchmark's class and method, without the package (e.g. {@code SerdeBenchmark.encodeTick})
 * @param params    its {@code @Param} values, by name (empty when it has none)
 * @param mode      JMH's short mode label: {@code thrpt}, {@code avgt}, ...
 * @param error     half-width of the 99.9 % confidence interval, NaN when too few iterations to tell
 */
public record MicroResult(String benchmark, Map<String, String> params, String mode, double score, double error,
                          String unit) {

    public MicroResult {
        params = Map.copyOf(params);
    }
}
