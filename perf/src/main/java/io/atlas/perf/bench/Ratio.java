package io.atlas.perf.bench;

/**
 * One ratio of the report, with the two figures it divides and the goal it is held to.
 *
 * @param numerator        the figure measured for Atlas, e.g. the pipeline's predictions/s
 * @param denominator      the bare-Kafka figure it is compared with, from the same run
 * @param offeredPerSecond the offered rate both were measured at; 0 = flat out
 * @param goal             the goal as text, e.g. {@code >= 0.7}; null when the ratio is only informative
 * @param goalAtLeast      whether the goal is a floor ({@code >=}) rather than a ceiling ({@code <=})
 * @param goalValue        the goal's bound
 */
public record Ratio(double numerator, double denominator, int offeredPerSecond, String goal, boolean goalAtLeast,
                    double goalValue) {

    static Ratio atLeast(double numerator, double denominator, int offeredPerSecond, double goal) {
        return new Ratio(numerator, denominator, offeredPerSecond, ">= " + goal, true, goal);
    }

    static Ratio atMost(double numerator, double denominator, int offeredPerSecond, double goal) {
        return new Ratio(numerator, denominator, offeredPerSecond, "<= " + goal, false, goal);
    }

    static Ratio informative(double numerator, double denominator, int offeredPerSecond) {
        return new Ratio(numerator, denominator, offeredPerSecond, null, false, 0);
    }

    public double value() {
        return denominator > 0 ? numerator / denominator : Double.NaN;
    }

    /** Whether the goal is met; null when the ratio has no goal or cannot be computed. */
    public Boolean met() {
        if (goal == null || !Double.isFinite(value())) {
            return null;
        }
        return goalAtLeast ? value() >= goalValue : value() <= goalValue;
    }
}
