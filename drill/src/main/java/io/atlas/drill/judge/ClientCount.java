package io.atlas.drill.judge;

import io.atlas.drill.load.ResumingClients;

import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * What the resuming WebSocket clients received, judged against the committed predictions of the watched symbols:
 * per client and partition, every offset between the first and the last one the client received must have come,
 * once; and beside it what the gateway replicas conflated or dropped by design, which a gap may be rather than a loss.
 * Cumulative since the clients started; {@link #minus} gives one window's share.
 *
 * @param frames           live data frames received
 * @param gaps             offsets of watched predictions a client should have received and did not
 * @param updatesConflated updates the gateway replicas replaced with a newer one of the same symbol in a full
 *                         outbound queue (every connection's: the drill's clients are the replicas' only ones)
 * @param updatesDropped   updates the gateway replicas dropped at a queue's hard limit
 * @param duplicates       data frames received again for an offset already received
 * @param connects         connections opened (the first ones, and every reconnect)
 * @param resumes          resumes the gateway accepted
 * @param resumesRefused   resumes refused (session unknown): the client subscribed afresh, with a snapshot
 */
public record ClientCount(long frames, long gaps, long updatesConflated, long updatesDropped, long duplicates,
                          long connects, long resumes, long resumesRefused) {

    /** @param gateways the gateway replicas' conflated and dropped updates, {@link GatewayUpdates#total()} */
    public static ClientCount of(List<ResumingClients.Received> clients, PipelineJudge judge,
                                 GatewayUpdates.Count gateways) {
        long frames = 0;
        long gaps = 0;
        long duplicates = 0;
        long connects = 0;
        long resumes = 0;
        long refused = 0;
        for (ResumingClients.Received client : clients) {
            connects += client.connects();
            resumes += client.resumes();
            refused += client.resumesRefused();
            for (Map.Entry<Integer, long[]> partition : client.offsets().entrySet()) {
                long[] received = partition.getValue();
                frames += received.length;
                long[] distinct = Arrays.stream(received).sorted().distinct().toArray();
                duplicates += received.length - distinct.length;
                if (distinct.length == 0) {
                    continue;
                }
                long first = distinct[0];
                long last = distinct[distinct.length - 1];
                for (long expected : judge.watchedOffsets(partition.getKey())) {
                    if (expected > first && expected < last && Arrays.binarySearch(distinct, expected) < 0) {
                        gaps++;
                    }
                }
            }
        }
        return new ClientCount(frames, gaps, gateways.conflated(), gateways.dropped(), duplicates, connects, resumes,
                refused);
    }

    public ClientCount minus(ClientCount earlier) {
        return new ClientCount(frames - earlier.frames, gaps - earlier.gaps,
                updatesConflated - earlier.updatesConflated, updatesDropped - earlier.updatesDropped,
                duplicates - earlier.duplicates, connects - earlier.connects, resumes - earlier.resumes,
                resumesRefused - earlier.resumesRefused);
    }
}
