package io.atlas.drill.judge;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The outside producer's ledger: which raw ticks were acknowledged, and when each entered Kafka. */
class RawLedgerTest {

    @Test
    void shouldGiveTheOldestAcknowledgedTimestampInMicrosBetweenTwoSequences() {
        RawLedger ledger = new RawLedger();
        ledger.acknowledged("S0451", 1, 1_000);
        ledger.acknowledged("S0451", 2, 1_005);
        ledger.acknowledged("S0451", 3, 1_010);
        ledger.acknowledged("S0451", 4, 1_015);
        ledger.acknowledged("S0452", 2, 900);

        assertThat(ledger.oldestAcknowledgedBetween("S0451", 1, 4)).isEqualTo(1_005_000);
        assertThat(ledger.oldestAcknowledgedBetween("S0451", 3, 5)).isEqualTo(1_015_000);
        assertThat(ledger.highestAcknowledged()).containsEntry("S0451", 4L).containsEntry("S0452", 2L);
    }

    @Test
    void shouldFindNoTimestampWhereNothingWasAcknowledged() {
        RawLedger ledger = new RawLedger();
        ledger.acknowledged("S0451", 1, 1_000);
        ledger.failed("S0451", 2);
        ledger.acknowledged("S0451", 3, 1_010);

        assertThat(ledger.oldestAcknowledgedBetween("S0451", 1, 3)).isEqualTo(Long.MAX_VALUE);
        assertThat(ledger.oldestAcknowledgedBetween("S0499", 0, 100)).isEqualTo(Long.MAX_VALUE);
        assertThat(ledger.failedBetween("S0451", 1, 3)).isEqualTo(1);
    }

    @Test
    void shouldTakeTheOldestTimestampWhenARetargetedProducerIsAcknowledgedBeforeTheOldOne() {
        RawLedger ledger = new RawLedger();
        ledger.acknowledged("S0451", 5, 2_500);
        ledger.acknowledged("S0451", 4, 2_000);

        assertThat(ledger.oldestAcknowledgedBetween("S0451", 0, 10)).isEqualTo(2_000_000);
        assertThat(ledger.oldestAcknowledgedBetween("S0451", 4, 10)).isEqualTo(2_500_000);
        assertThat(ledger.highestAcknowledged()).containsEntry("S0451", 5L);
    }
}
