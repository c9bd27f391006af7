package io.atlas.drill.load;

import io.atlas.drill.Micros;
import io.atlas.catalog.Topics;
import io.atlas.drill.judge.RawLedger;
import io.atlas.events.MarketTick;
import io.atlas.ingest.simulate.MarketModel;
import io.atlas.ingest.simulate.SimulatedInstrument;
import io.atlas.schemas.json.EdgeJson;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * An outside producer, as any client of the JSON edge is: writes JSON ticks of its own symbols to
 * {@code atlas.ticks.raw} at a steady rate (idempotent, {@code acks=all}), numbering each symbol from 1, and tells the
 * {@link RawLedger} which ticks the broker acknowledged (with the record's timestamp, when it entered Kafka) and which
 * failed for good, so that the bridge's exactly-once can be judged tick by tick and a lost tick's age told.
 * {@link #retarget} moves it to another cluster (the DR region) and goes on numbering.
 */
public final class RawTickProducer implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(RawTickProducer.class);

    private final MarketModel market;
    private final RawLedger ledger;
    private final long intervalNanos;
    private final Map<String, Long> sequences = new HashMap<>();
    private final EdgeJson json = new EdgeJson();
    private final Thread thread;
    private volatile KafkaProducer<String, byte[]> producer;
    private volatile boolean running = true;

    public RawTickProducer(String bootstrapServers, List<SimulatedInstrument> instruments, int ticksPerSecond,
                           RawLedger ledger) {
        this.market = new MarketModel(instruments, new MarketModel.Parameters(7, 2.0, 0.5));
        this.ledger = ledger;
        this.intervalNanos = TimeUnit.SECONDS.toNanos(1) / ticksPerSecond;
        this.producer = producer(bootstrapServers);
        this.thread = new Thread(this::run, "drill-raw-producer");
        thread.setDaemon(true);
    }

    public void start() {
        thread.start();
    }

    /** Writes to another cluster from now on; what the old one had not acknowledged fails and is not produced. */
    public void retarget(String bootstrapServers) {
        KafkaProducer<String, byte[]> old = producer;
        producer = producer(bootstrapServers);
        old.close(Duration.ZERO);
    }

    private static KafkaProducer<String, byte[]> producer(String bootstrapServers) {
        Map<String, Object> config = new HashMap<>();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        config.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        config.put(ProducerConfig.CLIENT_ID_CONFIG, "drill-raw-producer");
        return new KafkaProducer<>(config, new StringSerializer(), new ByteArraySerializer());
    }

    private void run() {
        long next = System.nanoTime();
        while (running) {
            MarketTick tick = market.next(Micros.now());
            String symbol = tick.getSymbol();
            long sequence = sequences.merge(symbol, 1L, Long::sum);
            tick.setSequence(sequence);
            byte[] value = json.write(tick);
            try {
                producer.send(new ProducerRecord<>(Topics.TICKS_RAW.name(), symbol, value), (metadata, error) -> {
                    if (error == null) {
                        ledger.acknowledged(symbol, sequence, metadata.timestamp());
                    } else {
                        ledger.failed(symbol, sequence);
                    }
                });
            } catch (RuntimeException e) {
                // Closed by a retarget while sending: this tick was never handed over.
                log.debug("raw tick {} {} not sent: {}", symbol, sequence, e.toString());
                ledger.failed(symbol, sequence);
            }
            next += intervalNanos;
            long wait = next - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(wait);
            }
        }
    }


    @Override
    public void close() throws InterruptedException {
        running = false;
        thread.join(TimeUnit.SECONDS.toMillis(10));
        producer.close(Duration.ofSeconds(10));
    }
}
