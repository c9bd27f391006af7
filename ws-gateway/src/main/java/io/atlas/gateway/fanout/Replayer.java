package io.atlas.gateway.fanout;

import io.atlas.catalog.Topics;
import io.atlas.gateway.protocol.Request;
import io.atlas.gateway.session.ClientConnection;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Replays to a resuming connection what it missed: per partition, the records of {@link Topics#PREDICTIONS} after the
 * client's last position up to where the fan-out thread had dispatched when the resume began, filtered by the
 * session's subscriptions, read by a short-lived consumer of its own. Where that range is no longer retained (or the
 * client has no position), the partition's matching last values are sent instead, marked as a snapshot.
 */
public final class Replayer implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Replayer.class);

    /** What a replay did. */
    public record Outcome(int replayed, int snapshotted, List<Integer> snapshotPartitions) {
    }

    private final Map<String, Object> clientSettings;
    private final LastValueCache cache;
    private final ExecutorService executor;
    private final AtomicInteger replays = new AtomicInteger();

    public Replayer(Map<String, Object> clientSettings, LastValueCache cache, int threads) {
        this.clientSettings = clientSettings;
        this.cache = cache;
        AtomicInteger n = new AtomicInteger();
        this.executor = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "gateway-replay-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * Replays asynchronously into {@code connection}'s outbound queue, then calls {@code done}.
     *
     * @param from  partition → client's last delivered offset (absent: unknown)
     * @param upTo  partition → first offset the fan-out thread will dispatch live (exclusive end of the replay)
     */
    public void replay(ClientConnection connection, List<Request.Subscribe> subs, Map<Integer, Long> from,
                       Map<Integer, Long> upTo, java.util.function.Consumer<Outcome> done) {
        executor.execute(() -> {
            Outcome outcome;
            try {
                outcome = run(connection, subs, from, upTo);
            } catch (RuntimeException e) {
                log.warn("Replay for {} failed; sending snapshots instead", connection, e);
                outcome = snapshotAll(connection, subs, upTo, new ArrayList<>(upTo.keySet()));
            }
            done.accept(outcome);
        });
    }

    private Outcome run(ClientConnection connection, List<Request.Subscribe> subs, Map<Integer, Long> from,
                        Map<Integer, Long> upTo) {
        String topic = Topics.PREDICTIONS.name();
        Map<TopicPartition, Long> seekTo = new HashMap<>();
        Map<TopicPartition, Long> end = new HashMap<>();
        List<Integer> snapshotPartitions = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(PredictionFeed.consumerSettings(
                clientSettings, "atlas-gateway-replay-" + replays.incrementAndGet()))) {
            List<TopicPartition> all = new ArrayList<>();
            upTo.keySet().forEach(p -> all.add(new TopicPartition(topic, p)));
            Map<TopicPartition, Long> beginning = consumer.beginningOffsets(all);
            for (TopicPartition tp : all) {
                long stop = upTo.get(tp.partition());
                Long last = from.get(tp.partition());
                if (last == null || last + 1 < beginning.get(tp)) {
                    snapshotPartitions.add(tp.partition());
                } else if (last + 1 < stop) {
                    seekTo.put(tp, last + 1);
                    end.put(tp, stop);
                }
            }
            int replayed = 0;
            if (!seekTo.isEmpty()) {
                consumer.assign(seekTo.keySet());
                seekTo.forEach(consumer::seek);
                UpdateEncoder encoder = new UpdateEncoder();
                var serde = io.atlas.schemas.serde.ContractSerdes.prediction();
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
                while (!end.isEmpty() && System.nanoTime() < deadline) {
                    for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                        TopicPartition tp = new TopicPartition(record.topic(), record.partition());
                        Long stop = end.get(tp);
                        if (stop == null || record.offset() >= stop || record.value() == null) {
                            continue;
                        }
                        Update update;
                        try {
                            update = encoder.encode(serde.decode(record), record.partition(), record.offset());
                        } catch (RuntimeException e) {
                            log.warn("Skipping undecodable prediction at {}-{}@{} in replay", record.topic(),
                                    record.partition(), record.offset());
                            continue;
                        }
                        if (update != null && matches(subs, update)) {
                            connection.outbound().data(update, false);
                            replayed++;
                        }
                    }
                    for (var it = end.entrySet().iterator(); it.hasNext(); ) {
                        var e = it.next();
                        if (consumer.position(e.getKey()) >= e.getValue()) {
                            consumer.pause(List.of(e.getKey()));
                            it.remove();
                        }
                    }
                }
                if (!end.isEmpty()) {
                    end.keySet().forEach(tp -> snapshotPartitions.add(tp.partition()));
                }
            }
            Outcome snap = snapshotAll(connection, subs, upTo, snapshotPartitions);
            return new Outcome(replayed, snap.snapshotted(), snapshotPartitions);
        }
    }

    private Outcome snapshotAll(ClientConnection connection, List<Request.Subscribe> subs, Map<Integer, Long> upTo,
                                List<Integer> partitions) {
        int sent = 0;
        if (!partitions.isEmpty()) {
            for (Update value : cache.values()) {
                Long stop = upTo.get(value.partition());
                // Values dispatched after the resume began reach the client live; skip them here.
                if (partitions.contains(value.partition()) && matches(subs, value)
                        && (value.offset() == Update.UNKNOWN_OFFSET || stop == null || value.offset() < stop)) {
                    connection.outbound().data(value, true);
                    sent++;
                }
            }
        }
        return new Outcome(0, sent, partitions);
    }

    private static boolean matches(List<Request.Subscribe> subs, Update update) {
        for (Request.Subscribe s : subs) {
            if (s.matches(update.symbol(), update.venue(), update.shadow())) {
                return true;
            }
        }
        return false;
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }
}
