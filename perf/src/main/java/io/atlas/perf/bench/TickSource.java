package io.atlas.perf.bench;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * Writes tick-sized records (the size of an encoded MarketTick) to the copy loop's input at a fixed rate, on its
 * own thread: the first eight bytes hold the send time in epoch micros, the key is one of 500 symbols.
 */
final class TickSource implements AutoCloseable {

    static final int RECORD_SIZE = 89;
    private static final int SYMBOLS = 500;

    private final Thread thread;
    private volatile boolean running = true;

    TickSource(Map<String, Object> client, String topic, int rate) {
        thread = new Thread(() -> run(client, topic, rate), "tick-source");
        thread.setDaemon(true);
        thread.start();
    }

    static long sentMicros(byte[] value) {
        return ByteBuffer.wrap(value).getLong();
    }

    private void run(Map<String, Object> client, String topic, int rate) {
        byte[][] keys = new byte[SYMBOLS][];
        for (int i = 0; i < SYMBOLS; i++) {
            keys[i] = String.format("SYM%04d", i).getBytes(StandardCharsets.US_ASCII);
        }
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(ProducerSettings.publisher(client),
                new ByteArraySerializer(), new ByteArraySerializer())) {
            long start = System.nanoTime();
            long sent = 0;
            while (running) {
                long due = (System.nanoTime() - start) * rate / 1_000_000_000L;
                for (; sent < due; sent++) {
                    byte[] value = new byte[RECORD_SIZE];
                    ByteBuffer.wrap(value).putLong(Measurement.nowMicros());
                    producer.send(new ProducerRecord<>(topic, keys[(int) (sent % SYMBOLS)], value));
                }
                java.util.concurrent.locks.LockSupport.parkNanos(500_000);
            }
        }
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        thread.join(30_000);
    }
}
