package io.atlas.perf.wsload;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ClientLedgerTest {

    private static final long[] FROM = new long[12];
    private final SymbolSet set = new SymbolSet("LG", 10);
    private final ProducedLedger produced = new ProducedLedger(set);

    private static void receive(ClientLedger ledger, String symbol, int partition, long offset, boolean snapshot) {
        byte[] frame = ("\"" + symbol + "\"").getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        ledger.update(frame, 1, 1 + symbol.length(), partition, offset, snapshot, FROM);
    }

    @Test
    void shouldFindNoGapWhenEveryProducedUpdateArrived() {
        produced.start(FROM);
        ClientLedger ledger = new ClientLedger(new Subscription(ClientMix.FEW, new int[] {0, 3}, 0), set);
        for (long o = 0; o < 3; o++) {
            produced.acknowledged(0, 1, o);
            receive(ledger, "LG0001", 1, o, false);
        }
        produced.acknowledged(3, 2, 10);
        receive(ledger, "LG0004", 2, 10, false);

        assertThat(ledger.gaps(produced)).isZero();
        assertThat(ledger.expected(produced)).isEqualTo(4);
        assertThat(ledger.duplicates()).isZero();
    }

    @Test
    void shouldCountAMissedUpdateAsAGap() {
        produced.start(FROM);
        ClientLedger ledger = new ClientLedger(new Subscription(ClientMix.ALL, null, 0), set);
        for (long o = 0; o < 5; o++) {
            produced.acknowledged(4, 3, o);
        }
        receive(ledger, "LG0005", 3, 0, false);
        receive(ledger, "LG0005", 3, 2, false);

        assertThat(ledger.gaps(produced)).isEqualTo(3);
    }

    @Test
    void shouldCountARepeatedOrOlderOffsetAsADuplicate() {
        ClientLedger ledger = new ClientLedger(new Subscription(ClientMix.ALL, null, 0), set);
        receive(ledger, "LG0002", 0, 7, true);
        receive(ledger, "LG0002", 0, 7, false);
        receive(ledger, "LG0002", 0, 6, false);
        receive(ledger, "S0001", 0, 3, false);
        receive(ledger, "S0001", 0, 3, false);

        assertThat(ledger.duplicates()).as("a live repeat of the snapshot, an older one, a foreign repeat")
                .isEqualTo(3);
    }

    @Test
    void shouldOnlyExpectTheLatestUpdateOfAConflatedSubscription() {
        produced.start(FROM);
        ClientLedger ledger = new ClientLedger(new Subscription(ClientMix.THROTTLED, null, 1), set);
        for (long o = 0; o < 5; o++) {
            produced.acknowledged(1, 0, o);
        }
        receive(ledger, "LG0002", 0, 2, false);

        assertThat(ledger.gaps(produced)).as("the last update (offset 4) never came").isEqualTo(1);
        receive(ledger, "LG0002", 0, 4, false);
        assertThat(ledger.gaps(produced)).isZero();
        assertThat(ledger.expected(produced)).isEqualTo(1);
    }

    @Test
    void shouldNotCountWhatWasProducedBeforeTheCheckStarted() {
        ClientLedger ledger = new ClientLedger(new Subscription(ClientMix.FEW, new int[] {0}, 0), set);
        produced.acknowledged(0, 0, 1);
        produced.start(new long[] {5, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0});
        produced.acknowledged(0, 0, 4);
        produced.acknowledged(0, 0, 5);

        assertThat(produced.count(0)).isEqualTo(1);
        assertThat(ledger.gaps(produced)).isEqualTo(1);
    }

    @Test
    void shouldCountASymbolOfTheRunTheClientDidNotAskFor() {
        ClientLedger ledger = new ClientLedger(new Subscription(ClientMix.FEW, new int[] {0}, 0), set);
        receive(ledger, "LG0003", 0, 1, false);

        assertThat(ledger.unexpected()).isEqualTo(1);
    }
}
