package io.atlas.ingest.publish;

import io.atlas.events.MarketTick;
import io.atlas.ops.trace.TraceAttributes;
import io.atlas.ops.trace.Tracing;

import io.micrometer.core.instrument.MeterRegistry;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.context.Context;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Writes {@link MarketTick}s to the ticks topic, keyed by symbol, numbering each symbol's ticks without gaps and
 * stamping {@code ingestTimeMicros}. Embeddable in any Java producer; thread-safe.
 *
 * <p>Numbering: a publisher numbers every symbol from its start time in epoch microseconds plus one, counting up by
 * one. A restarted publisher therefore numbers above every tick its predecessor sent (that would take more than one
 * tick per microsecond for one symbol), so the scorer, which skips a tick not newer than the last it took for the
 * symbol (a replay or a duplicate), never mistakes a restart's ticks for old ones. <b>One symbol must have exactly
 * one publisher</b> at a time: two would interleave their numbers.
 *
 * <p>Delivery: an idempotent producer with {@code acks=all}, so a retried batch is written once and a symbol's ticks
 * stay in order in its partition.
 *
 * <p>Back-pressure: at most {@code maxInFlightRecords} ticks may be sent and not yet acknowledged. {@link #publish}
 * takes one unit of that budget before numbering the tick, blocks up to {@code maxWait} for it, and otherwise throws
 * {@link PublishRejectedException}: memory stays bounded whatever the broker does, and a refused tick has used no
 * sequence number. Kafka's own {@code buffer.memory}/{@code max.block.ms} is not enough for this: it counts batch
 * allocations rather than ticks (one tick on a fresh partition reserves a whole {@code batch.size}), its wait also
 * covers metadata fetches, and its {@code TimeoutException} arrives after the tick was handed over, i.e. after we
 * numbered it, which would leave a gap; nor does it bound the futures and callbacks the caller holds.
 *
 * <p>Failures: a send that fails for good (after the producer's retries within {@code delivery.timeout.ms}) leaves a
 * gap in that symbol's sequence, so the publisher then refuses every tick with {@link PublisherFailedException};
 * the owner should close it and alert. {@link #close()} flushes every tick accepted so far.
 *
 * <p>Tracing: with tracing on, each tick gets a {@value #SPAN} span (a child of the caller's current span, if any,
 * else a new trace, sampled at the configured ratio) ending on the broker's acknowledgement; its context travels in
 * the record's headers to the scorer. A failed send is always recorded.
 */
public final class TickPublisher implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(TickPublisher.class);
    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(30);
    static final String SPAN = "publish";

    private final PublisherOptions options;
    private final String topic;
    private final Producer<String, MarketTick> producer;
    private final Semaphore budget;
    private final Map<String, SymbolSequence> sequences = new ConcurrentHashMap<>();
    private final AtomicReference<Throwable> failure = new AtomicReference<>();
    private final AtomicLong acknowledged = new AtomicLong();
    private final PublisherMetrics metrics;
    private final AtomicBoolean closed = new AtomicBoolean();
    private final Tracing tracing;
    private final long sequenceBase = nowMicros();

    /** The last sequence number given to one symbol; its monitor orders numbering and sending of that symbol. */
    private static final class SymbolSequence {
        private long last;

        SymbolSequence(long last) {
            this.last = last;
        }
    }

    private TickPublisher(PublisherOptions options, MeterRegistry registry, Tracing tracing) {
        this.options = options;
        this.tracing = tracing;
        this.topic = options.topic().name();
        this.budget = new Semaphore(options.maxInFlightRecords());
        this.producer = new KafkaProducer<>(producerSettings(options), options.topic().keySerde().serializer(),
                options.topic().valueSerde().serializer());
        this.metrics = new PublisherMetrics(registry, topic, this::inFlight);
    }

    /** A publisher sending with {@code options}, its meters in {@code registry}. */
    public static TickPublisher start(PublisherOptions options, MeterRegistry registry) {
        return new TickPublisher(options, registry, Tracing.off());
    }

    /** A publisher sending with {@code options}, its meters in {@code registry}, its spans through {@code tracing}. */
    public static TickPublisher start(PublisherOptions options, MeterRegistry registry, Tracing tracing) {
        return new TickPublisher(options, registry, tracing);
    }

    /** The producer configuration: the caller's connection settings, then the publisher's own guarantees. */
    static Map<String, Object> producerSettings(PublisherOptions options) {
        Map<String, Object> settings = new HashMap<>(options.clientSettings());
        settings.put(ProducerConfig.CLIENT_ID_CONFIG, options.clientId());
        settings.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        settings.put(ProducerConfig.ACKS_CONFIG, "all");
        // Idempotence keeps order with up to 5 requests in flight per connection.
        settings.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 5);
        settings.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, options.compression());
        settings.put(ProducerConfig.LINGER_MS_CONFIG, options.lingerMillis());
        settings.put(ProducerConfig.BATCH_SIZE_CONFIG, options.batchBytes());
        return settings;
    }

    /**
     * Numbers {@code tick} (setting its {@code sequence} and {@code ingestTimeMicros}; the publisher owns the instance
     * from now on) and sends it asynchronously.
     *
     * @return completes with the record's position once the broker acknowledged it, or exceptionally
     * @throws PublishRejectedException the in-flight budget stayed full for {@code maxWait}; nothing was sent
     * @throws PublisherFailedException an earlier send failed for good
     */
    public CompletableFuture<RecordMetadata> publish(MarketTick tick) {
        ensureUsable();
        String symbol = tick.getSymbol().toString();
        acquireBudget(symbol);
        CompletableFuture<RecordMetadata> result = new CompletableFuture<>();
        SymbolSequence sequence = sequences.computeIfAbsent(symbol, s -> new SymbolSequence(sequenceBase));
        synchronized (sequence) {
            long next = sequence.last + 1;
            tick.setSequence(next);
            tick.setIngestTimeMicros(nowMicros());
            long sentAt = System.nanoTime();
            ProducerRecord<String, MarketTick> record = new ProducerRecord<>(topic, symbol, tick);
            Span span = tracing.enabled() ? startSpan(record, symbol, next) : null;
            try {
                producer.send(record, (metadata, error) -> completed(sentAt, metadata, error, result, span));
            } catch (RuntimeException e) {
                // Refused before it left (serialization, a closed producer): the number is still free.
                budget.release();
                metrics.failed(e);
                if (span != null) {
                    tracing.endWithError(span, SPAN, SpanKind.PRODUCER, e);
                }
                throw e;
            }
            sequence.last = next;
        }
        return result;
    }

    private void acquireBudget(String symbol) {
        try {
            if (!budget.tryAcquire(options.maxWait().toNanos(), TimeUnit.NANOSECONDS)) {
                metrics.rejected();
                throw new PublishRejectedException(symbol, inFlight(), options.maxWait().toMillis());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            metrics.rejected();
            throw new PublishRejectedException(symbol, inFlight(), options.maxWait().toMillis());
        }
    }

    /** The tick's publish span, its context written into the record's headers. */
    private Span startSpan(ProducerRecord<String, MarketTick> record, String symbol, long sequence) {
        Span span = tracing.tracer().spanBuilder(SPAN).setSpanKind(SpanKind.PRODUCER).setParent(Context.current())
                .setAttribute(TraceAttributes.SYMBOL, symbol).setAttribute(TraceAttributes.TICK_SEQUENCE, sequence)
                .startSpan();
        tracing.inject(span, record.headers());
        return span;
    }

    private void completed(long sentAt, RecordMetadata metadata, Exception error,
                           CompletableFuture<RecordMetadata> result, Span span) {
        budget.release();
        if (span != null) {
            if (error == null) {
                span.end();
            } else {
                tracing.endWithError(span, SPAN, SpanKind.PRODUCER, error);
            }
        }
        if (error == null) {
            acknowledged.incrementAndGet();
            metrics.acknowledged(System.nanoTime() - sentAt,
                    Math.max(0, metadata.serializedKeySize()) + Math.max(0, metadata.serializedValueSize()));
            result.complete(metadata);
        } else {
            metrics.failed(error);
            if (failure.compareAndSet(null, error)) {
                log.error("A tick could not be delivered to {}; the publisher accepts no more ticks", topic, error);
            }
            result.completeExceptionally(error);
        }
    }

    private void ensureUsable() {
        if (closed.get()) {
            throw new IllegalStateException("The tick publisher is closed");
        }
        Throwable failed = failure.get();
        if (failed != null) {
            throw new PublisherFailedException(failed);
        }
    }

    /** Blocks until every tick accepted so far is acknowledged or failed. */
    public void flush() {
        producer.flush();
    }

    /** Ticks sent and not yet acknowledged or failed. */
    public int inFlight() {
        return options.maxInFlightRecords() - budget.availablePermits();
    }

    /** Ticks the broker acknowledged since the start. */
    public long acknowledged() {
        return acknowledged.get();
    }

    /** The send failure that stopped this publisher, if any. */
    public Optional<Throwable> failure() {
        return Optional.ofNullable(failure.get());
    }

    /** The last sequence number given to {@code symbol}, 0 if none. */
    public long lastSequence(String symbol) {
        SymbolSequence sequence = sequences.get(symbol);
        if (sequence == null) {
            return 0;
        }
        synchronized (sequence) {
            return sequence.last;
        }
    }

    public PublisherOptions options() {
        return options;
    }

    private static long nowMicros() {
        Instant now = Instant.now();
        return now.getEpochSecond() * 1_000_000L + now.getNano() / 1_000;
    }

    /** Sends every accepted tick (waiting up to 30 s), then releases the producer and the meters. Idempotent. */
    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            try {
                producer.close(CLOSE_TIMEOUT);
            } finally {
                metrics.close();
            }
            log.info("Tick publisher closed: {} ticks acknowledged on {}", acknowledged.get(), topic);
        }
    }
}
