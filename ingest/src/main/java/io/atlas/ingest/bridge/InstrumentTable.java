package io.atlas.ingest.bridge;

import io.atlas.catalog.Topics;
import io.atlas.events.Instrument;
import io.atlas.schemas.serde.AvroSerde;
import io.atlas.schemas.serde.ContractSerdes;
import io.atlas.schemas.serde.UndecodableRecordException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the compacted instruments topic ({@code atlas.instruments}) into memory and keeps following it: the latest
 * {@link Instrument} per symbol, a tombstone deleting the symbol. It assigns every partition itself (no consumer
 * group: every bridge needs the whole table) and reads from the beginning; {@link #awaitLoaded} returns once it has
 * read up to the end offsets seen at start. Lookups are lock-free from any thread.
 */
public final class InstrumentTable implements InstrumentDirectory, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(InstrumentTable.class);

    private final String topic;
    private final KafkaConsumer<byte[], byte[]> consumer;
    private final AvroSerde<Instrument> serde = ContractSerdes.instrument();
    private final Map<String, Instrument> bySymbol = new ConcurrentHashMap<>();
    private final CountDownLatch loaded = new CountDownLatch(1);
    private final AtomicLong undecodable = new AtomicLong();
    private final AtomicBoolean closed = new AtomicBoolean();
    private final Thread thread;
    private volatile Throwable failure;

    /** Starts following {@code topic} (the catalog's instruments topic in production) on a thread of its own. */
    public InstrumentTable(Map<String, Object> clientSettings, String topic) {
        this.topic = topic;
        Map<String, Object> settings = new HashMap<>(clientSettings);
        settings.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        settings.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        settings.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        settings.put(ConsumerConfig.CLIENT_ID_CONFIG, "atlas-ingest-bridge-instruments");
        this.consumer = new KafkaConsumer<>(settings, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        this.thread = new Thread(this::run, "bridge-instruments");
        thread.setDaemon(true);
        thread.start();
    }

    /** Follows the catalog's instruments topic. */
    public static InstrumentTable ofCatalog(Map<String, Object> clientSettings) {
        return new InstrumentTable(clientSettings, Topics.INSTRUMENTS.name());
    }

    @Override
    public Instrument find(String symbol) {
        return bySymbol.get(symbol);
    }

    /** How many instruments are known now. */
    public int size() {
        return bySymbol.size();
    }

    /** True once the table has read everything that was on the topic when it started. */
    public boolean isLoaded() {
        return loaded.getCount() == 0;
    }

    /** True while the following thread runs (false after a failure or close). */
    public boolean isAlive() {
        return thread.isAlive() && failure == null;
    }

    /** Records on the topic that could not be decoded and were skipped. */
    public long undecodable() {
        return undecodable.get();
    }

    /** Waits until {@link #isLoaded()}; false on timeout. */
    public boolean awaitLoaded(Duration timeout) throws InterruptedException {
        return loaded.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void run() {
        try {
            List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(60)).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            if (partitions.isEmpty()) {
                throw new IllegalStateException("Topic " + topic + " does not exist");
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            while (!closed.get()) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    apply(record);
                }
                if (loaded.getCount() > 0 && caughtUp(end)) {
                    log.info("Instruments loaded from {}: {} symbols", topic, bySymbol.size());
                    loaded.countDown();
                }
            }
        } catch (WakeupException e) {
            if (!closed.get()) {
                failure = e;
            }
        } catch (RuntimeException e) {
            failure = e;
            log.error("Instruments table stopped following {}", topic, e);
        } finally {
            consumer.close(Duration.ofSeconds(5));
        }
    }

    private boolean caughtUp(Map<TopicPartition, Long> end) {
        for (Map.Entry<TopicPartition, Long> e : end.entrySet()) {
            if (consumer.position(e.getKey()) < e.getValue()) {
                return false;
            }
        }
        return true;
    }

    private void apply(ConsumerRecord<byte[], byte[]> record) {
        if (record.key() == null) {
            return;
        }
        String symbol = new String(record.key(), StandardCharsets.UTF_8);
        if (record.value() == null) {
            bySymbol.remove(symbol);
            return;
        }
        try {
            bySymbol.put(symbol, serde.decode(record));
        } catch (UndecodableRecordException e) {
            undecodable.incrementAndGet();
            log.warn("Skipping undecodable instrument at {}-{}@{}: {}", record.topic(), record.partition(),
                    record.offset(), e.getMessage());
        }
    }

    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            consumer.wakeup();
            try {
                thread.join(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
