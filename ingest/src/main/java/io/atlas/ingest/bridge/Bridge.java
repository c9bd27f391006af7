package io.atlas.ingest.bridge;

import io.atlas.catalog.Applications;

import io.atlas.catalog.Topics;
import io.atlas.events.DeadLetter;
import io.atlas.events.MarketTick;
import io.atlas.ops.trace.TraceAttributes;
import io.atlas.ops.trace.Tracing;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.InvalidProducerEpochException;
import org.apache.kafka.common.errors.OutOfOrderSequenceException;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.errors.UnsupportedVersionException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads raw JSON ticks from {@code atlas.ticks.raw} and writes each, exactly once, either as an Avro
 * {@link MarketTick} to {@code atlas.ticks} or as a {@link DeadLetter} to {@code atlas.dead-letters}.
 *
 * <p>A consume-transform-produce loop: each poll's outputs and the consumer offsets after it are one Kafka
 * transaction, so a crash anywhere leaves either all of a batch (outputs and offsets) or none of it; readers with
 * {@code isolation.level=read_committed} never see an aborted batch. On a retriable error the transaction is aborted
 * and the consumer rewound to the committed offsets; when the producer is fenced (another process took this
 * {@code transactional.id}) the bridge stops. Runs on a thread of its own; {@link #close()} stops it.
 *
 * <p>Tracing: with tracing on, each raw record gets a {@value #SPAN} span, a child of the context the outside producer
 * put in its headers (W3C {@code traceparent}) or else a new trace sampled at the configured ratio; the tick it
 * writes carries the span's context. A dead letter is always recorded: on the bridge span when that is sampled,
 * else on a new {@value Tracing#DEAD_LETTER_SPAN} trace linked to it. A transaction that is aborted and read again
 * traces its records again.
 */
public final class Bridge implements AutoCloseable {

    /** The consumer group of every bridge instance, from the catalog the deployment reads to scale on its lag. */
    public static final String GROUP_ID = Applications.INGEST_BRIDGE.consumerGroup().orElseThrow();
    /** The service name written into dead letters. */
    public static final String SERVICE = Applications.INGEST_BRIDGE.name();

    private static final Logger log = LoggerFactory.getLogger(Bridge.class);
    static final String SPAN = "bridge";

    /** Where the bridge reads and writes; the catalog's topics in production, unique ones in tests. */
    public record Routes(String raw, String ticks, String deadLetters, String groupId) {
        public static Routes catalog() {
            return new Routes(Topics.TICKS_RAW.name(), Topics.TICKS.name(), Topics.DEAD_LETTERS.name(), GROUP_ID);
        }
    }

    private final Routes routes;
    private final TickValidator validator;
    private final BridgeMetrics metrics;
    private final Clock clock;
    private final KafkaConsumer<byte[], byte[]> consumer;
    private final KafkaProducer<byte[], byte[]> producer;
    private final Serializer<MarketTick> tickSerializer = Topics.TICKS.valueSerde().serializer();
    private final Serializer<DeadLetter> deadLetterSerializer = Topics.DEAD_LETTERS.valueSerde().serializer();
    private final AtomicBoolean closed = new AtomicBoolean();
    private final Tracing tracing;
    private final CountDownLatch stopped = new CountDownLatch(1);
    private final KafkaClientMetrics consumerMetrics;
    private final KafkaClientMetrics producerMetrics;
    private final Thread thread;
    private volatile boolean joined;
    private volatile Throwable failure;

    /**
     * Creates the clients and starts the loop.
     *
     * @param clientSettings bootstrap servers and security settings
     * @param instanceId     stable per instance: {@code transactional.id} and {@code group.instance.id} derive from it
     */
    public Bridge(Map<String, Object> clientSettings, Routes routes, String instanceId, int maxRecordsPerTransaction,
                  TickValidator validator, MeterRegistry registry, Clock clock) {
        this(clientSettings, routes, instanceId, maxRecordsPerTransaction, validator, registry, clock, Tracing.off());
    }

    /** As above, tracing each record through {@code tracing}. */
    public Bridge(Map<String, Object> clientSettings, Routes routes, String instanceId, int maxRecordsPerTransaction,
                  TickValidator validator, MeterRegistry registry, Clock clock, Tracing tracing) {
        this.tracing = Objects.requireNonNull(tracing, "tracing");
        this.routes = Objects.requireNonNull(routes, "routes");
        this.validator = Objects.requireNonNull(validator, "validator");
        this.metrics = new BridgeMetrics(registry);
        this.clock = clock;
        String memberName = routes.groupId() + "-" + instanceId;

        Map<String, Object> consumerSettings = new HashMap<>(clientSettings);
        consumerSettings.put(ConsumerConfig.GROUP_ID_CONFIG, routes.groupId());
        // Static membership: a restarted instance takes its partitions back at once instead of waiting for the
        // session timeout of its previous life and a rebalance.
        consumerSettings.put(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG, memberName);
        consumerSettings.put(ConsumerConfig.CLIENT_ID_CONFIG, memberName + "-consumer");
        consumerSettings.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        consumerSettings.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        // Raw producers may be transactional too: never bridge what they aborted.
        consumerSettings.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        consumerSettings.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, maxRecordsPerTransaction);
        this.consumer = new KafkaConsumer<>(consumerSettings, new ByteArrayDeserializer(), new ByteArrayDeserializer());

        Map<String, Object> producerSettings = new HashMap<>(clientSettings);
        producerSettings.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, memberName);
        producerSettings.put(ProducerConfig.CLIENT_ID_CONFIG, memberName + "-producer");
        producerSettings.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        producerSettings.put(ProducerConfig.ACKS_CONFIG, "all");
        producerSettings.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        producerSettings.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        producerSettings.put(ProducerConfig.BATCH_SIZE_CONFIG, 131_072);
        this.producer = new KafkaProducer<>(producerSettings, new ByteArraySerializer(), new ByteArraySerializer());
        // The clients' own meters, among them kafka.consumer.fetch.manager.records.lag.max: the bridge's lag.
        this.consumerMetrics = new KafkaClientMetrics(consumer);
        consumerMetrics.bindTo(registry);
        this.producerMetrics = new KafkaClientMetrics(producer);
        producerMetrics.bindTo(registry);

        this.thread = new Thread(this::run, "bridge-loop");
        thread.start();
    }

    /** True once the consumer has joined the group and received its (possibly empty) assignment. */
    public boolean isJoined() {
        return joined;
    }

    /** True while the loop runs. */
    public boolean isRunning() {
        return thread.isAlive() && failure == null;
    }

    /** Why the loop stopped, or {@code null}. */
    public Throwable failure() {
        return failure;
    }

    /** Waits for the loop to end (after a fatal error or {@link #close()}). */
    public boolean awaitStopped(Duration timeout) throws InterruptedException {
        return stopped.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void run() {
        try {
            producer.initTransactions();
            consumer.subscribe(List.of(routes.raw()), new ConsumerRebalanceListener() {
                @Override
                public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
                    // Nothing to do: no transaction is open while the consumer polls.
                }

                @Override
                public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
                    joined = true;
                    log.info("Bridge assigned {}", partitions);
                }
            });
            while (!closed.get()) {
                ConsumerRecords<byte[], byte[]> records = consumer.poll(Duration.ofMillis(200));
                if (!records.isEmpty()) {
                    processInTransaction(records);
                }
            }
        } catch (WakeupException e) {
            if (!closed.get()) {
                failure = e;
            }
        } catch (ProducerFencedException | InvalidProducerEpochException | OutOfOrderSequenceException
                 | AuthorizationException | UnsupportedVersionException e) {
            failure = e;
            log.error("Bridge stopped: the producer cannot continue (fenced by a newer instance, or not allowed)", e);
        } catch (RuntimeException e) {
            failure = e;
            log.error("Bridge stopped on an unexpected error", e);
        } finally {
            closeClients();
            stopped.countDown();
        }
    }

    private void processInTransaction(ConsumerRecords<byte[], byte[]> records) {
        producer.beginTransaction();
        try {
            long nowMicros = nowMicros();
            for (ConsumerRecord<byte[], byte[]> record : records) {
                route(record, nowMicros);
            }
            Map<TopicPartition, OffsetAndMetadata> next = new HashMap<>();
            for (TopicPartition partition : records.partitions()) {
                List<ConsumerRecord<byte[], byte[]>> list = records.records(partition);
                next.put(partition, new OffsetAndMetadata(list.get(list.size() - 1).offset() + 1));
            }
            Timer.Sample sample = Timer.start();
            producer.sendOffsetsToTransaction(next, consumer.groupMetadata());
            commit();
            sample.stop(metrics.commit());
        } catch (ProducerFencedException | InvalidProducerEpochException | OutOfOrderSequenceException
                 | AuthorizationException | UnsupportedVersionException e) {
            throw e;
        } catch (KafkaException e) {
            log.warn("Aborting a transaction of {} records and reading them again", records.count(), e);
            metrics.aborted();
            producer.abortTransaction();
            rewind(records.partitions());
        }
    }

    /**
     * Commits the open transaction. A commit that outlasts {@code max.block.ms} (a broker being restarted, the
     * transaction coordinator moving) has an unknown outcome and may only be retried, never aborted: the producer
     * refuses an abort then, which used to stop the bridge.
     */
    private void commit() {
        CommitRetries.commit(producer::commitTransaction, closed::get, e -> {
            metrics.commitRetried();
            log.warn("Committing a transaction took longer than max.block.ms; committing again", e);
        });
    }

    private void route(ConsumerRecord<byte[], byte[]> record, long nowMicros) {
        byte[] value = record.value();
        metrics.recordIn(value == null ? 0 : value.length);
        Span span = tracing.enabled() ? tracing.tracer().spanBuilder(SPAN).setSpanKind(SpanKind.CONSUMER)
                .setParent(tracing.extract(record.headers())).startSpan() : null;
        Verdict verdict = validator.validate(record.key(), value, nowMicros, receivedMicros(record, nowMicros));
        if (verdict instanceof Verdict.Accepted accepted) {
            MarketTick tick = accepted.tick();
            byte[] key = tick.getSymbol().toString().getBytes(StandardCharsets.UTF_8);
            ProducerRecord<byte[], byte[]> out = new ProducerRecord<>(routes.ticks(), key,
                    tickSerializer.serialize(routes.ticks(), tick));
            if (span != null) {
                span.setAttribute(TraceAttributes.SYMBOL, tick.getSymbol().toString());
                tracing.inject(span, out.headers());
            }
            producer.send(out);
            metrics.tickOut();
            if (span != null) {
                span.end();
            }
        } else if (verdict instanceof Verdict.Rejected rejected) {
            DeadLetter letter = DeadLetter.newBuilder()
                    .setSourceTopic(record.topic())
                    .setSourcePartition(record.partition())
                    .setSourceOffset(record.offset())
                    .setReasonCode(rejected.reason().name())
                    .setMessage(rejected.message())
                    .setOriginalKey(record.key() == null ? null : ByteBuffer.wrap(record.key()))
                    .setOriginalValue(value == null ? null : ByteBuffer.wrap(value))
                    .setService(SERVICE)
                    .setFailedAtMicros(nowMicros)
                    .build();
            ProducerRecord<byte[], byte[]> out = new ProducerRecord<>(routes.deadLetters(), record.key(),
                    deadLetterSerializer.serialize(routes.deadLetters(), letter));
            if (span != null) {
                tracing.deadLetter(span, rejected.reason().name(), out.headers());
                span.end();
            }
            producer.send(out);
            metrics.deadLetter(rejected.reason());
            log.debug("Dead letter {} for {}-{}@{}: {}", rejected.reason(), record.topic(), record.partition(),
                    record.offset(), rejected.message());
        }
    }

    /** Puts each partition back to its committed offset, so the aborted records are read again. */
    private void rewind(Set<TopicPartition> partitions) {
        Map<TopicPartition, OffsetAndMetadata> committed = consumer.committed(partitions);
        for (TopicPartition partition : partitions) {
            OffsetAndMetadata offset = committed.get(partition);
            if (offset != null) {
                consumer.seek(partition, offset);
            } else {
                consumer.seekToBeginning(List.of(partition));
            }
        }
    }

    /** When the record entered Kafka; the bridge's clock for a record without a timestamp. */
    private static long receivedMicros(ConsumerRecord<byte[], byte[]> record, long nowMicros) {
        return record.timestampType() == TimestampType.NO_TIMESTAMP_TYPE || record.timestamp() < 0 ? nowMicros
                : record.timestamp() * 1_000L;
    }

    private long nowMicros() {
        Instant now = clock.instant();
        return now.getEpochSecond() * 1_000_000L + now.getNano() / 1_000;
    }

    private void closeClients() {
        consumerMetrics.close();
        producerMetrics.close();
        try {
            producer.close(Duration.ofSeconds(10));
        } catch (RuntimeException e) {
            log.warn("Closing the bridge producer failed", e);
        }
        try {
            consumer.close(Duration.ofSeconds(10));
        } catch (RuntimeException e) {
            log.warn("Closing the bridge consumer failed", e);
        }
    }

    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            consumer.wakeup();
            try {
                if (!stopped.await(30, TimeUnit.SECONDS)) {
                    log.warn("The bridge loop did not stop within 30 s");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
