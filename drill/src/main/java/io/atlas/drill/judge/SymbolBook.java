package io.atlas.drill.judge;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * One symbol's ticks and live predictions as the judge read them: where its sequence stands (to find gaps and
 * repeats as ticks arrive, in partition order), and the ticks and predictions of the open window, by their tick's
 * sequence and ingest time, until the window is reconciled.
 */
final class SymbolBook {

    final boolean raw;
    /** The last tick sequence read; 0 before the first. */
    long lastTick;
    /** Launch time (epoch µs) of the simulator life the last tick came from; -1 for none or a raw symbol. */
    long life = -1;
    final Longs tickSequences = new Longs();
    final Longs tickIngest = new Longs();
    final Longs predictionSequences = new Longs();
    final Longs predictionIngest = new Longs();
    /**
     * Where each prediction sits (partition, offset) and when it was scored, so a duplicate's copies can be told
     * apart in the logs: one batch written twice has one scoring time, a tick scored again has two.
     */
    final Longs predictionPartitions = new Longs();
    final Longs predictionOffsets = new Longs();
    final Longs predictionScored = new Longs();
    /** Raw symbols: jumps in the sequence as (last before, first after), judged at the window's close. */
    final Longs jumpsFrom = new Longs();
    final Longs jumpsTo = new Longs();

    SymbolBook(boolean raw) {
        this.raw = raw;
    }

    /** Counts of one reconciliation of this symbol's ticks and predictions ingested before {@code endMicros}. */
    record Reconciled(long ticks, long matched, long unmatched, long duplicates, long orphans,
                      long firstDuplicate) {
    }

    /**
     * Matches every tick ingested before {@code endMicros} with its predictions: a tick with none is unmatched (lost
     * once the window has settled), a tick with several has duplicates, a prediction of no tick here is an orphan (a
     * late prediction of a tick an earlier window counted as lost).
     */
    Reconciled reconcile(long endMicros) {
        long[] ticks = select(tickSequences, tickIngest, endMicros);
        long[] predictions = select(predictionSequences, predictionIngest, endMicros);
        Arrays.sort(predictions);
        long matched = 0;
        long unmatched = 0;
        long duplicates = 0;
        long orphans = 0;
        long firstDuplicate = -1;
        int j = 0;
        for (long tick : ticks) {
            while (j < predictions.length && predictions[j] < tick) {
                orphans++;
                j++;
            }
            if (j < predictions.length && predictions[j] == tick) {
                matched++;
                j++;
                while (j < predictions.length && predictions[j] == tick) {
                    firstDuplicate = firstDuplicate < 0 ? tick : firstDuplicate;
                    duplicates++;
                    j++;
                }
            } else {
                unmatched++;
            }
        }
        orphans += predictions.length - j;
        return new Reconciled(ticks.length, matched, unmatched, duplicates, orphans, firstDuplicate);
    }

    /** Drops what was ingested before {@code endMicros}: it belongs to a window now closed. */
    void forget(long endMicros) {
        long[] ingest = tickIngest.toArray();
        tickSequences.retain(i -> ingest[i] >= endMicros);
        tickIngest.retain(i -> ingest[i] >= endMicros);
        long[] predicted = predictionIngest.toArray();
        predictionSequences.retain(i -> predicted[i] >= endMicros);
        predictionIngest.retain(i -> predicted[i] >= endMicros);
        predictionPartitions.retain(i -> predicted[i] >= endMicros);
        predictionOffsets.retain(i -> predicted[i] >= endMicros);
        predictionScored.retain(i -> predicted[i] >= endMicros);
    }

    /** The predictions read for {@code tick}, in the order read: partition-offset and when each was scored. */
    List<String> predictionCopies(long tick) {
        List<String> copies = new ArrayList<>();
        for (int i = 0; i < predictionSequences.size(); i++) {
            if (predictionSequences.get(i) == tick) {
                copies.add(predictionPartitions.get(i) + "-" + predictionOffsets.get(i) + " scored "
                        + Instant.EPOCH.plus(predictionScored.get(i), ChronoUnit.MICROS));
            }
        }
        return copies;
    }

    private static long[] select(Longs sequences, Longs ingest, long endMicros) {
        Longs selected = new Longs();
        for (int i = 0; i < sequences.size(); i++) {
            if (ingest.get(i) < endMicros) {
                selected.add(sequences.get(i));
            }
        }
        return selected.toArray();
    }
}
