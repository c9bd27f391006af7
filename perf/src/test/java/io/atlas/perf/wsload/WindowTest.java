package io.atlas.perf.wsload;

import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

class WindowTest {

    @Test
    void shouldReadPercentilesOfWhatAHistogramCountedBetweenTwoReadings() {
        NavigableMap<Double, Double> before = new TreeMap<>(Map.of(0.001, 10.0, 0.01, 10.0, 0.1, 10.0,
                Double.POSITIVE_INFINITY, 10.0));
        NavigableMap<Double, Double> after = new TreeMap<>(Map.of(0.001, 60.0, 0.01, 109.0, 0.1, 110.0,
                Double.POSITIVE_INFINITY, 110.0));

        assertThat(Window.bucketPercentiles(after, before)).containsExactly(Map.entry("p50", 1.0),
                Map.entry("p99", 10.0));
    }

    @Test
    void shouldReadNothingWhenNothingWasCounted() {
        NavigableMap<Double, Double> same = new TreeMap<>(Map.of(0.001, 5.0, Double.POSITIVE_INFINITY, 5.0));

        assertThat(Window.bucketPercentiles(same, same)).isEmpty();
        assertThat(Window.bucketPercentiles(new TreeMap<>(), new TreeMap<>())).isEmpty();
    }
}
