package io.atlas.perf.bench;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ConsumerBaselineTest {

    @Test
    void shouldReadTheFetchRatesFromTheSummary() {
        ConsumerBaseline parsed = ConsumerBaseline.parse("""
                [2026-11-28 04:00:00,000] INFO some log line (org.apache.kafka...)
                start.time, end.time, data.consumed.in.MB, MB.sec, data.consumed.in.nMsg, nMsg.sec, \
                rebalance.time.ms, fetch.time.ms, fetch.MB.sec, fetch.nMsg.sec
                2026-11-28 04:00:01:000, 2026-11-28 04:00:05:000, 25.4608, 6.3652, 300000, 75000.0000, 3010, \
                990, 25.7180, 303030.3030
                """);

        assertThat(parsed).isEqualTo(new ConsumerBaseline(300_000, 303_030.303, 25.718, 3010));
    }

    @Test
    void shouldFailNamingTheOutputWhenThereIsNoSummary() {
        assertThatThrownBy(() -> ConsumerBaseline.parse("WARN could not connect"))
                .hasMessageContaining("could not connect");
    }
}
