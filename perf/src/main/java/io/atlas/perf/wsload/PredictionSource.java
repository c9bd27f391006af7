package io.atlas.perf.wsload;

import io.atlas.catalog.Topics;
import io.atlas.events.MoveDirection;
import io.atlas.events.Prediction;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Writes predictions of the run's symbols to {@link Topics#PREDICTIONS} at a steady rate from a thread of its own,
 * round-robin over the symbols (each gets {@code rate / symbols} per second), every time stamp set to the moment of
 * sending, so that a client's receipt time minus the prediction's {@code scoreEndMicros} is the time from the
 * prediction to the client. Each acknowledged write goes to the {@link ProducedLedger}. This is how the gateway is
 * measured alone: no simulator or scorer needed, and every update a client should get is known.
 */
final class PredictionSource implements AutoCloseable {

    /** Falling further behind than this (paused, descheduled) resets the schedule instead of bursting to catch up. */
    private static final long MAX_CATCH_UP_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

    private final KafkaProducer<String, Prediction> producer;
    private final SymbolSet set;
    private final String[] names;
    private final double perSecond;
    private final ProducedLedger ledger;
    private final ReentrantLock sending = new ReentrantLock();
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final AtomicLong sent = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final Thread thread;

    PredictionSource(Map<String, Object> clientSettings, SymbolSet set, double perSecond, ProducedLedger ledger) {
        if (!(perSecond > 0)) {
            throw new IllegalArgumentException("the produce rate must be above 0, got " + perSecond);
        }
        Map<String, Object> settings = new HashMap<>(clientSettings);
        settings.put(ProducerConfig.LINGER_MS_CONFIG, 1);
        settings.put(ProducerConfig.BATCH_SIZE_CONFIG, 65536);
        settings.put(ProducerConfig.CLIENT_ID_CONFIG, "atlas-loadgen");
        this.producer = new KafkaProducer<>(settings, Topics.PREDICTIONS.keySerde().serializer(),
                Topics.PREDICTIONS.valueSerde().serializer());
        this.set = set;
        this.names = new String[set.count()];
        for (int i = 0; i < names.length; i++) {
            names[i] = set.name(i);
        }
        this.perSecond = perSecond;
        this.ledger = ledger;
        this.thread = new Thread(this::run, "loadgen-producer");
        this.thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    long sent() {
        return sent.get();
    }

    long failed() {
        return failed.get();
    }

    /**
     * Runs {@code action} while nothing is being sent and every write sent so far is acknowledged (and in the
     * ledger), then resumes at the set rate.
     */
    <T> T pauseAndRun(Callable<T> action) throws Exception {
        sending.lock();
        try {
            producer.flush();
            return action.call();
        } finally {
            sending.unlock();
        }
    }

    private void run() {
        long start = System.nanoTime();
        long scheduled = 0;
        long n = 0;
        while (running.get()) {
            long now = System.nanoTime();
            long due = (long) ((now - start) * perSecond / 1e9);
            if (due - scheduled > perSecond * MAX_CATCH_UP_NANOS / 1e9) {
                start = now - (long) (scheduled * 1e9 / perSecond);
                due = scheduled;
            }
            if (due <= scheduled) {
                sleepMillis(1);
                continue;
            }
            sending.lock();
            try {
                for (; scheduled < due && running.get(); scheduled++, n++) {
                    send((int) (n % names.length), n);
                }
            } finally {
                sending.unlock();
            }
        }
    }

    private void send(int symbol, long sequence) {
        long micros = Clocks.nowMicros();
        Prediction p = Prediction.newBuilder().setSymbol(names[symbol]).setVenue("XLOD").setTickSequence(sequence)
                .setExchangeTimeMicros(micros).setIngestTimeMicros(micros).setMid(100 + sequence % 7)
                .setPredicted(MoveDirection.UP).setPDown(0.2).setPFlat(0.3).setPUp(0.5).setHorizonTicks(10)
                .setModelId("loadgen").setModelVersion(1).setShadow(false).setScoreStartMicros(micros)
                .setScoreEndMicros(micros).build();
        producer.send(new ProducerRecord<>(Topics.PREDICTIONS.name(), names[symbol], p), (metadata, e) -> {
            if (e != null) {
                failed.incrementAndGet();
            } else {
                ledger.acknowledged(symbol, metadata.partition(), metadata.offset());
            }
        });
        sent.incrementAndGet();
    }

    private static void sleepMillis(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Stops sending and waits until what was sent is acknowledged. */
    @Override
    public void close() {
        if (running.compareAndSet(true, false)) {
            try {
                thread.join(TimeUnit.SECONDS.toMillis(10));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            producer.close();
        }
    }

    @Override
    public String toString() {
        return String.format(java.util.Locale.ROOT, "%.0f predictions/s over %d symbols %s..%s", perSecond,
                set.count(), names[0], names[names.length - 1]);
    }
}
