package io.atlas.gateway.fanout;

import io.atlas.catalog.Topics;
import io.atlas.events.Prediction;
import io.atlas.gateway.ops.GatewayHops;
import io.atlas.gateway.ops.GatewayMetrics;
import io.atlas.ops.trace.TraceAttributes;
import io.atlas.ops.trace.Tracing;
import io.atlas.schemas.serde.AvroSerde;
import io.atlas.schemas.serde.ContractSerdes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.context.Context;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.utils.Utils;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Reads {@link Topics#PREDICTIONS_LAST} to its end into the cache, then every partition of {@link Topics#PREDICTIONS}
 * (manual assignment, no consumer group: each replica needs all of it) and hands each record, decoded and encoded
 * once, to the {@link FanOut}. Runs the fan-out thread: it never blocks on a client.
 *
 * <p>Tracing: a live record whose headers carry a sampled trace context (the scorer's span) gets a
 * {@value FanOutTrace#SPAN} span, its child, which ends when the update's last socket write is resolved
 * ({@link FanOutTrace}); other records, last values and replays are not traced.
 */
public final class PredictionFeed implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(PredictionFeed.class);
    private static final Duration POLL = Duration.ofMillis(50);
    private static final Duration LAST_VALUE_POLL = Duration.ofMillis(200);
    /**
     * The hops up to the gateway are timed for at most one record per this interval: six histogram records per
     * record would cost the fan-out thread more than routing it, and a millisecond's records say the same.
     */
    static final long HOP_TIMING_INTERVAL_NANOS = java.util.concurrent.TimeUnit.MILLISECONDS.toNanos(1);

    /** What a held fetch of the live feed waits to fill up to, within the fetch wait. */
    static final int FETCH_MIN_BYTES = 64 * 1024;

    private final Map<String, Object> clientSettings;
    private final int fetchWaitMillis;
    private final Duration lastValueLag;
    private final FanOut fanOut;
    private final GatewayMetrics metrics;
    private final Tracing tracing;
    private final UpdateEncoder encoder = new UpdateEncoder();
    private final AvroSerde<Prediction> serde = ContractSerdes.prediction();
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final AtomicBoolean closed = new AtomicBoolean();
    private final CountDownLatch stopped = new CountDownLatch(1);
    private final Thread thread;
    private volatile KafkaConsumer<byte[], byte[]> consumer;
    private volatile boolean ready;
    private volatile Throwable failure;
    private volatile int partitions;
    private volatile Map<Integer, Long> dispatchedUpTo = Map.of();
    private long hopsTimedAtNanos = System.nanoTime() - HOP_TIMING_INTERVAL_NANOS;

    /**
     * @param fetchWaitMillis how long the broker may hold a live fetch until {@value #FETCH_MIN_BYTES} bytes are
     *                        there; 0 answers as soon as any record is
     * @param lastValueLag    how long after fixing the live start the last values are read to their end: at least
     *                        the scorer's commit interval, by which a last value may trail its prediction
     */
    public PredictionFeed(Map<String, Object> clientSettings, int fetchWaitMillis, Duration lastValueLag, FanOut fanOut,
                          GatewayMetrics metrics, Tracing tracing) {
        this.clientSettings = clientSettings;
        this.fetchWaitMillis = fetchWaitMillis;
        this.lastValueLag = lastValueLag;
        this.tracing = tracing;
        this.fanOut = fanOut;
        this.metrics = metrics;
        this.thread = new Thread(this::run, "gateway-fanout");
        this.thread.setDaemon(true);
        fanOut.wakeUpWith(() -> {
            KafkaConsumer<byte[], byte[]> c = consumer;
            if (c != null) {
                c.wakeup();
            }
        });
    }

    /**
     * Settings of a gateway consumer: no group, no commits, bytes in (decoding is ours). read_committed because an
     * exactly-once scorer's aborted predictions must never reach a client; under at-least-once it costs nothing.
     */
    public static Map<String, Object> consumerSettings(Map<String, Object> clientSettings, String clientId) {
        Map<String, Object> settings = new HashMap<>(clientSettings);
        settings.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        settings.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        settings.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        settings.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        settings.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        settings.put(ConsumerConfig.CLIENT_ID_CONFIG, clientId);
        return settings;
    }

    /**
     * The live consumer's settings: a gateway's own settings, plus fetches the broker may hold for up to the fetch
     * wait until they fill. Each fetch costs the fan-out thread and the broker the same whatever it carries; at a few
     * thousand records a second, fetches answered at the first record cost more than routing the records.
     */
    private Map<String, Object> liveSettings() {
        Map<String, Object> settings = consumerSettings(clientSettings, "atlas-gateway-live");
        if (fetchWaitMillis > 0) {
            settings.put(ConsumerConfig.FETCH_MIN_BYTES_CONFIG, FETCH_MIN_BYTES);
            settings.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, fetchWaitMillis);
        }
        return settings;
    }

    public void start() {
        thread.start();
    }

    /** True once the last-value topic was read to its end and live reading began. */
    public boolean ready() {
        return ready;
    }

    public Throwable failure() {
        return failure;
    }

    public int partitions() {
        return partitions;
    }

    /** Fan-out thread: per partition, the offset the next dispatched record will have at least. */
    public Map<Integer, Long> dispatchedUpTo() {
        return dispatchedUpTo;
    }

    private void run() {
        try (KafkaConsumer<byte[], byte[]> live = new KafkaConsumer<>(liveSettings())) {
            List<TopicPartition> predictionPartitions = partitionsOf(live, Topics.PREDICTIONS.name());
            partitions = predictionPartitions.size();
            Map<TopicPartition, Long> liveStart = live.endOffsets(predictionPartitions);
            int loaded = loadLastValues(System.nanoTime() + lastValueLag.toNanos());
            live.assign(predictionPartitions);
            liveStart.forEach(live::seek);
            updatePositions(live, predictionPartitions);
            consumer = live;
            ready = true;
            log.info("Loaded {} last values; reading {} partitions of {} from {}", loaded, partitions,
                    Topics.PREDICTIONS.name(), liveStart.values());
            while (running.get()) {
                try {
                    ConsumerRecords<byte[], byte[]> records = live.poll(POLL);
                    long receivedNanos = System.nanoTime();
                    long receivedMicros = ChronoUnit.MICROS.between(Instant.EPOCH, Instant.now());
                    for (ConsumerRecord<byte[], byte[]> record : records) {
                        metrics.recordIn();
                        Span span = tracing.enabled() ? startSpan(record) : null;
                        Update update = decode(record, record.partition(), record.offset());
                        if (update != null) {
                            routed(update, receivedNanos, receivedMicros);
                            FanOutTrace trace = span == null ? null : traced(update, span);
                            fanOut.dispatch(update);
                            if (trace != null) {
                                trace.dispatched();
                            }
                        } else if (span != null) {
                            span.end();
                        }
                    }
                    if (!records.isEmpty()) {
                        fanOut.flush();
                        updatePositions(live, predictionPartitions);
                    }
                } catch (WakeupException e) {
                    // woken to run commands, or to stop
                }
                fanOut.runCommands();
            }
        } catch (WakeupException e) {
            // closing
        } catch (Throwable e) {
            failure = e;
            log.error("The prediction feed stopped", e);
        } finally {
            ready = false;
            stopped.countDown();
        }
    }

    /**
     * Marks the update routed, before any queue holds it, and times the hops up to this gateway (for at most one
     * record per {@link #HOP_TIMING_INTERVAL_NANOS}).
     */
    private void routed(Update update, long receivedNanos, long receivedMicros) {
        long now = System.nanoTime();
        update.routedAt(now);
        if (now - hopsTimedAtNanos >= HOP_TIMING_INTERVAL_NANOS) {
            hopsTimedAtNanos = now;
            GatewayHops hops = metrics.hops();
            hops.received(update.ingestTimeMicros(), update.scoreStartMicros(), update.scoreEndMicros(),
                    receivedMicros);
            hops.routed(receivedNanos, now);
        }
    }

    /** The fan-out span of a record whose context is sampled, else null: unsampled records cost no span. */
    private Span startSpan(ConsumerRecord<byte[], byte[]> record) {
        Context upstream = tracing.extract(record.headers());
        if (!Span.fromContext(upstream).getSpanContext().isSampled()) {
            return null;
        }
        return tracing.tracer().spanBuilder(FanOutTrace.SPAN).setSpanKind(SpanKind.CONSUMER).setParent(upstream)
                .startSpan();
    }

    private static FanOutTrace traced(Update update, Span span) {
        span.setAttribute(TraceAttributes.SYMBOL, update.symbol());
        span.setAttribute(TraceAttributes.MODEL_VERSION, (long) update.modelVersion());
        FanOutTrace trace = new FanOutTrace(span);
        update.traced(trace);
        return trace;
    }

    private void updatePositions(KafkaConsumer<byte[], byte[]> live, List<TopicPartition> assigned) {
        Map<Integer, Long> positions = new HashMap<>();
        for (TopicPartition tp : assigned) {
            positions.put(tp.partition(), live.position(tp));
        }
        dispatchedUpTo = positions;
    }

    /**
     * Loads every symbol's last value into the cache, reading the last-value topic to its end as it is at
     * {@code endAfterNanos} or later. The live stream starts at the predictions' end taken just before; under
     * at_least_once the last value of a prediction before that start may still be on its way for up to a commit
     * interval, so the end is taken only once that lag has passed (reading meanwhile), and the snapshot and the live
     * stream leave no prediction between them.
     */
    private int loadLastValues(long endAfterNanos) {
        int loaded = 0;
        try (KafkaConsumer<byte[], byte[]> last = new KafkaConsumer<>(consumerSettings(clientSettings,
                "atlas-gateway-last"))) {
            List<TopicPartition> lastPartitions = partitionsOf(last, Topics.PREDICTIONS_LAST.name());
            last.assign(lastPartitions);
            last.seekToBeginning(lastPartitions);
            Map<TopicPartition, Long> end = null;
            while (running.get()) {
                long untilEnd = endAfterNanos - System.nanoTime();
                if (end == null && untilEnd <= 0) {
                    end = last.endOffsets(lastPartitions);
                }
                if (end != null && caughtUp(last, end)) {
                    break;
                }
                Duration wait = end == null ? Duration.ofNanos(Math.min(untilEnd, LAST_VALUE_POLL.toNanos()))
                        : LAST_VALUE_POLL;
                for (ConsumerRecord<byte[], byte[]> record : last.poll(wait)) {
                    if (record.value() == null || record.key() == null) {
                        continue;
                    }
                    // Same key, same partitioner: the partition this symbol has in the predictions topic.
                    int partition = Utils.toPositive(Utils.murmur2(record.key())) % partitions;
                    Update update = decode(record, partition, Update.UNKNOWN_OFFSET);
                    if (update != null) {
                        fanOut.cache().put(update);
                        loaded++;
                    }
                }
            }
        }
        return loaded;
    }

    private static boolean caughtUp(KafkaConsumer<byte[], byte[]> consumer, Map<TopicPartition, Long> end) {
        for (Map.Entry<TopicPartition, Long> e : end.entrySet()) {
            if (consumer.position(e.getKey()) < e.getValue()) {
                return false;
            }
        }
        return true;
    }

    /** Every partition of {@code topic}, for manual assignment. */
    public static List<TopicPartition> partitionsOf(KafkaConsumer<?, ?> consumer, String topic) {
        List<PartitionInfo> infos = consumer.partitionsFor(topic, Duration.ofSeconds(30));
        if (infos == null || infos.isEmpty()) {
            throw new IllegalStateException("Topic " + topic + " does not exist");
        }
        List<TopicPartition> result = new ArrayList<>();
        for (int p = 0; p < infos.size(); p++) {
            result.add(new TopicPartition(topic, p));
        }
        return result;
    }

    /** Decodes and encodes one record; a record that cannot be decoded is logged with its position and counted. */
    Update decode(ConsumerRecord<byte[], byte[]> record, int partition, long offset) {
        if (record.value() == null) {
            return null;
        }
        try {
            Prediction prediction = serde.decode(record);
            Update update = encoder.encode(prediction, partition, offset);
            if (update == null) {
                metrics.recordInvalid();
                log.warn("Skipping prediction with an unroutable symbol at {}-{}@{}", record.topic(),
                        record.partition(), record.offset());
            }
            return update;
        } catch (RuntimeException e) {
            metrics.recordInvalid();
            log.warn("Skipping undecodable prediction at {}-{}@{}: {}", record.topic(), record.partition(),
                    record.offset(), e.toString());
            return null;
        }
    }

    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            running.set(false);
            KafkaConsumer<byte[], byte[]> c = consumer;
            if (c != null) {
                c.wakeup();
            }
            if (!thread.isAlive()) {
                return;
            }
            try {
                stopped.await(java.util.concurrent.TimeUnit.SECONDS.toMillis(10),
                        java.util.concurrent.TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
