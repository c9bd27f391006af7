package io.atlas.perf.wsload;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The gap and duplicate check over every client still open at the end. Duplicates (an offset of a symbol not above
 * the last one received) are checked on every update; gaps only against what the run produced itself, from the
 * verification start (then every update a client should have had is known). Clients the gateway closed (e.g. 4000,
 * slow consumer) are left out, and counted.
 *
 * @param gapsChecked     false when the run produced nothing itself (a foreign feed): gaps are then unknown
 * @param produced        predictions the run produced from the verification start
 * @param clientsChecked  clients open at the end, whose updates were checked
 * @param clientsClosed   clients the gateway (or the network) closed, left out
 * @param expected        updates the checked clients should have received (full-rate clients; rate-capped ones: the
 *                        last update of each symbol)
 * @param gaps            of those, how many did not arrive
 * @param duplicates      updates received again or out of order, per symbol
 * @param unexpected      updates of the run's symbols a client had not subscribed to
 * @param firstDuplicateByProfile per profile, its first client's first duplicate, described
 */
record Verification(boolean gapsChecked, long produced, int clientsChecked, int clientsClosed, long expected,
                    long gaps, long duplicates, long unexpected, int clientsWithGaps, Map<String, Long> gapsByProfile,
                    Map<String, Long> duplicatesByProfile, Map<String, String> firstDuplicateByProfile) {

    static Verification of(List<LoadClient> clients, ProducedLedger produced, boolean gapsChecked) {
        int checked = 0;
        int closed = 0;
        int withGaps = 0;
        long expected = 0;
        long gaps = 0;
        long duplicates = 0;
        long unexpected = 0;
        Map<String, Long> byProfile = new TreeMap<>();
        Map<String, Long> duplicatesByProfile = new TreeMap<>();
        Map<String, String> firstDuplicates = new TreeMap<>();
        for (LoadClient client : clients) {
            if (client.closeCode() != 0 || !client.open()) {
                closed++;
                continue;
            }
            checked++;
            ClientLedger ledger = client.ledger();
            duplicates += ledger.duplicates();
            if (ledger.duplicates() > 0) {
                duplicatesByProfile.merge(client.subscription().profile(), ledger.duplicates(), Long::sum);
                firstDuplicates.putIfAbsent(client.subscription().profile(), ledger.firstDuplicate());
            }
            unexpected += ledger.unexpected();
            if (gapsChecked) {
                long missing = ledger.gaps(produced);
                expected += ledger.expected(produced);
                gaps += missing;
                if (missing > 0) {
                    withGaps++;
                    byProfile.merge(client.subscription().profile(), missing, Long::sum);
                }
            }
        }
        return new Verification(gapsChecked, gapsChecked ? produced.total() : 0, checked, closed, expected, gaps,
                duplicates, unexpected, withGaps, byProfile, duplicatesByProfile, firstDuplicates);
    }
}
