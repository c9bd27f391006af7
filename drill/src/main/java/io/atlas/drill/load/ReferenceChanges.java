package io.atlas.drill.load;

import io.atlas.drill.Micros;
import io.atlas.catalog.Topics;
import io.atlas.events.Instrument;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

/**
 * Keeps CDC busy and judges it by counting: updates one instrument's {@code description} in PostgreSQL a few times a
 * second (change n writes {@code "drill change n"}, autocommitted) and reads {@code atlas.instruments} back,
 * read_committed, from its beginning, noting how often each change arrived. CDC is at least once: a change that
 * committed must arrive, perhaps twice.
 */
public final class ReferenceChanges implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ReferenceChanges.class);
    private static final String PREFIX = "drill change ";

    /** Changes committed before a window's end and how they arrived. */
    public record Count(long committed, long lost, long duplicates) {
    }

    private final String jdbcUrl;
    private final Properties credentials;
    private final String schema;
    private final List<String> symbols;
    private final long intervalMillis;
    private final KafkaConsumer<byte[], byte[]> reader;
    private final Thread writer;
    private final Thread readerThread;
    private final List<Long> committedAt = new ArrayList<>();
    private final Map<Long, Integer> arrivals = new HashMap<>();
    private long counted;
    private volatile boolean running = true;

    public ReferenceChanges(String jdbcUrl, String user, String password, String schema, List<String> symbols,
                            int perSecond, String bootstrapServers) {
        this.jdbcUrl = jdbcUrl;
        this.credentials = new Properties();
        credentials.setProperty("user", user);
        credentials.setProperty("password", password);
        this.schema = schema;
        this.symbols = List.copyOf(symbols);
        this.intervalMillis = 1000L / perSecond;
        Map<String, Object> config = new HashMap<>();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        config.put(ConsumerConfig.CLIENT_ID_CONFIG, "drill-reference-reader");
        this.reader = new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        this.writer = new Thread(this::write, "drill-reference-writer");
        this.readerThread = new Thread(this::read, "drill-reference-reader");
        writer.setDaemon(true);
        readerThread.setDaemon(true);
    }

    public void start() {
        List<TopicPartition> partitions = new ArrayList<>();
        for (PartitionInfo info : reader.partitionsFor(Topics.INSTRUMENTS.name(), Duration.ofSeconds(60))) {
            partitions.add(new TopicPartition(info.topic(), info.partition()));
        }
        reader.assign(partitions);
        reader.seekToBeginning(partitions);
        readerThread.start();
        writer.start();
    }

    /**
     * Counts the changes committed in {@code [startMicros, endMicros)} (and after the last count), waiting up to
     * {@code settle} for them all to arrive.
     */
    public Count count(long startMicros, long endMicros, Duration settle) throws InterruptedException {
        long deadline = System.nanoTime() + settle.toNanos();
        while (true) {
            synchronized (this) {
                long from = counted;
                while (from < committedAt.size() && committedAt.get((int) from) < startMicros) {
                    from++;
                }
                long to = from;
                while (to < committedAt.size() && committedAt.get((int) to) < endMicros) {
                    to++;
                }
                long lost = 0;
                long duplicates = 0;
                for (long n = from; n < to; n++) {
                    int times = arrivals.getOrDefault(n, 0);
                    lost += times == 0 ? 1 : 0;
                    duplicates += Math.max(0, times - 1);
                }
                if (lost == 0 || System.nanoTime() > deadline) {
                    counted = to;
                    return new Count(to - from, lost, duplicates);
                }
            }
            TimeUnit.MILLISECONDS.sleep(250);
        }
    }

    private void write() {
        String sql = "UPDATE \"" + schema + "\".instruments SET description = ? WHERE symbol = ?";
        Connection connection = null;
        while (running) {
            try {
                if (connection == null) {
                    connection = DriverManager.getConnection(jdbcUrl, credentials);
                }
                long n;
                synchronized (this) {
                    n = committedAt.size();
                }
                try (PreparedStatement update = connection.prepareStatement(sql)) {
                    update.setString(1, PREFIX + n);
                    update.setString(2, symbols.get((int) (n % symbols.size())));
                    update.executeUpdate();
                }
                synchronized (this) {
                    committedAt.add(Micros.now());
                }
                TimeUnit.MILLISECONDS.sleep(intervalMillis);
            } catch (SQLException e) {
                log.warn("Reference change not written: {}", e.toString());
                connection = null;
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private void read() {
        try {
            while (running) {
                for (ConsumerRecord<byte[], byte[]> record : reader.poll(Duration.ofMillis(200))) {
                    if (record.value() == null) {
                        continue;
                    }
                    Instrument instrument = Topics.INSTRUMENTS.valueSerde().deserializer()
                            .deserialize(record.topic(), record.value());
                    CharSequence description = instrument.getDescription();
                    if (description != null && description.toString().startsWith(PREFIX)) {
                        long n = Long.parseLong(description.toString().substring(PREFIX.length()));
                        synchronized (this) {
                            arrivals.merge(n, 1, Integer::sum);
                        }
                    }
                }
            }
        } catch (WakeupException e) {
            // closing
        }
    }


    @Override
    public void close() throws InterruptedException {
        running = false;
        writer.interrupt();
        writer.join(5_000);
        reader.wakeup();
        readerThread.join(5_000);
        reader.close();
    }
}
