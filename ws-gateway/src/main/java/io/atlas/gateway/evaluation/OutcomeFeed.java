package io.atlas.gateway.evaluation;

import io.atlas.catalog.Topics;
import io.atlas.events.PredictionOutcome;
import io.atlas.gateway.fanout.PredictionFeed;
import io.atlas.gateway.ops.GatewayMetrics;
import io.atlas.schemas.serde.AvroSerde;
import io.atlas.schemas.serde.ContractSerdes;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Reads every partition of {@link Topics#PREDICTION_OUTCOMES} (manual assignment, no consumer group: each replica
 * shows the whole pipeline's hit rates) into a {@link HitRateWindow}, on its own daemon thread. An outcome that cannot
 * be decoded or judged is logged with its position, counted and skipped.
 *
 * <p>Starts {@link HitRateWindow#WINDOW} back (offsetsForTimes), not at the end: a replica that just started shows a
 * full window at once instead of filling it over five minutes, the window buckets outcomes by their record timestamps
 * so the backlog lands where it belongs, and five minutes of outcomes is a bounded read.
 */
public final class OutcomeFeed implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(OutcomeFeed.class);
    private static final Duration POLL = Duration.ofSeconds(1);
    private static final Duration LOOKUP = Duration.ofSeconds(30);

    private final Map<String, Object> clientSettings;
    private final HitRateWindow window;
    private final GatewayMetrics metrics;
    private final AvroSerde<PredictionOutcome> serde = ContractSerdes.predictionOutcome();
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final AtomicBoolean closed = new AtomicBoolean();
    private final Thread thread;
    private volatile KafkaConsumer<byte[], byte[]> consumer;
    private volatile Throwable failure;

    public OutcomeFeed(Map<String, Object> clientSettings, HitRateWindow window, GatewayMetrics metrics) {
        this.clientSettings = clientSettings;
        this.window = window;
        this.metrics = metrics;
        this.thread = new Thread(this::run, "gateway-outcomes");
        this.thread.setDaemon(true);
    }

    public void start() {
        thread.start();
    }

    /** Why reading stopped, or null while it runs: the hit rates then stay as they were. */
    public Throwable failure() {
        return failure;
    }

    private void run() {
        try (KafkaConsumer<byte[], byte[]> outcomes = new KafkaConsumer<>(PredictionFeed.consumerSettings(
                clientSettings, "atlas-gateway-outcomes"))) {
            consumer = outcomes;
            if (!running.get()) {
                return; // closed before close() could see the consumer to wake it
            }
            List<TopicPartition> partitions = PredictionFeed.partitionsOf(outcomes,
                    Topics.PREDICTION_OUTCOMES.name());
            outcomes.assign(partitions);
            seekToWindowStart(outcomes, partitions);
            log.info("Reading {} partitions of {} from {} back", partitions.size(),
                    Topics.PREDICTION_OUTCOMES.name(), HitRateWindow.WINDOW);
            while (running.get()) {
                for (ConsumerRecord<byte[], byte[]> record : outcomes.poll(POLL)) {
                    judge(record);
                }
            }
        } catch (WakeupException e) {
            // closing
        } catch (Throwable e) {
            failure = e;
            log.error("The outcome feed stopped; hit rates are no longer updated", e);
        }
    }

    /**
     * Seeks each partition to its first outcome stamped within the window, or to its end when it has none. The end
     * offsets are taken first, so an outcome appended while the times are looked up is read, not skipped.
     */
    private static void seekToWindowStart(KafkaConsumer<byte[], byte[]> outcomes, List<TopicPartition> partitions) {
        Map<TopicPartition, Long> end = outcomes.endOffsets(partitions, LOOKUP);
        long from = System.currentTimeMillis() - HitRateWindow.WINDOW.toMillis();
        Map<TopicPartition, Long> times = new HashMap<>();
        partitions.forEach(tp -> times.put(tp, from));
        Map<TopicPartition, OffsetAndTimestamp> found = outcomes.offsetsForTimes(times, LOOKUP);
        for (TopicPartition tp : partitions) {
            OffsetAndTimestamp start = found.get(tp);
            outcomes.seek(tp, start == null ? end.get(tp) : start.offset());
        }
    }

    /** Counts one outcome in the window; anything wrong with this record costs only this record. */
    private void judge(ConsumerRecord<byte[], byte[]> record) {
        if (record.value() == null) {
            return;
        }
        try {
            PredictionOutcome outcome = serde.decode(record);
            window.judged(ModelVersion.of(outcome.getPrediction()), outcome.getRealized(), outcome.getHit(),
                    outcome.getLogLoss(), outcome.getOptimumHit(), outcome.getOptimumLogLoss(), record.timestamp());
        } catch (RuntimeException e) {
            metrics.outcomeInvalid();
            log.warn("Skipping outcome at {}-{}@{}: {}", record.topic(), record.partition(), record.offset(),
                    e.toString());
        }
    }

    /** Stops reading and closes the consumer, waiting for the thread a bounded time; idempotent. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        running.set(false);
        KafkaConsumer<byte[], byte[]> c = consumer;
        if (c != null) {
            c.wakeup();
        }
        try {
            thread.join(Duration.ofSeconds(10).toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
