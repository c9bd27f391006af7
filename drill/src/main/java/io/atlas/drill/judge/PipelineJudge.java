package io.atlas.drill.judge;

import io.atlas.drill.Micros;
import io.atlas.catalog.Topics;
import io.atlas.events.MarketTick;
import io.atlas.events.Prediction;

import org.HdrHistogram.Histogram;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/**
 * Counts, never trusts logs: reads {@code atlas.ticks} and {@code atlas.predictions} of one cluster from the
 * beginning, {@code read_committed}, on a thread of its own, and judges every tick by its symbol and sequence.
 *
 * <p>Ticks: publishers number each symbol gap-free (the simulator from its start time in µs + 1, so a restarted one
 * numbers above its predecessor; the drill's outside producer from 1), so within one publisher's life a jump is a lost
 * tick and a repeat a duplicate. A jump to a new simulator life (a launch the drill announced) is not a loss; its
 * first ticks are checked against the life's base, learnt from every symbol's first tick of that life. Raw ticks
 * are also checked against what the outside producer had acknowledged.
 *
 * <p>Predictions: each window (a scenario) collects the ticks ingested while it was open and the live predictions
 * of those ticks; {@link #close} waits until every such tick has a prediction (or the settle time is up) and counts
 * what is missing or doubled. Latency is tick ingest → the prediction read here, committed.
 *
 * <p>For the WebSocket clients it also keeps, per partition, the offsets of live predictions of the watched symbols.
 */
public final class PipelineJudge implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(PipelineJudge.class);
    private static final long NEVER = -1;

    private final KafkaConsumer<byte[], byte[]> consumer;
    private final Set<String> rawSymbols;
    private final RawLedger ledger;
    private final Set<String> watched;
    private final Thread thread;
    private final Map<String, SymbolBook> books = new HashMap<>();
    private final TreeMap<Long, Map<String, Long>> lives = new TreeMap<>();
    private final Map<Integer, Longs> watchedOffsets = new HashMap<>();
    private volatile boolean running = true;
    private volatile Throwable failure;
    // Tick ingest → read of the last live prediction read, in µs.
    private volatile long freshestLatency = Long.MAX_VALUE;

    // The open window, guarded by this.
    private String window;
    // Windows follow one another without a hole: each starts where the last ended. Before the first, nothing is judged.
    private long judgingSince = Long.MAX_VALUE;
    private long windowStart = Long.MAX_VALUE;
    private long lostTicks;
    // jumps named in the log this window, a few, so that a loss can be looked up on the topic
    private int jumpsLogged;
    private long duplicateTicks;
    private Histogram latency = new Histogram(3_600_000_000L, 3);
    private long lastPredictionRead;
    private long longestStall;
    private final Map<String, long[]> probes = new LinkedHashMap<>();

    public PipelineJudge(String bootstrapServers, Set<String> rawSymbols, RawLedger ledger, Set<String> watched) {
        Map<String, Object> config = new HashMap<>();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        config.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5000);
        config.put(ConsumerConfig.CLIENT_ID_CONFIG, "drill-judge");
        this.consumer = new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        this.rawSymbols = Set.copyOf(rawSymbols);
        this.ledger = ledger;
        this.watched = Set.copyOf(watched);
        this.thread = new Thread(this::run, "drill-judge");
        thread.setDaemon(true);
    }

    /** Starts reading both topics from their beginning. */
    public void start() {
        List<TopicPartition> partitions = new ArrayList<>();
        for (String topic : List.of(Topics.TICKS.name(), Topics.PREDICTIONS.name())) {
            for (PartitionInfo info : consumer.partitionsFor(topic, Duration.ofSeconds(60))) {
                partitions.add(new TopicPartition(topic, info.partition()));
            }
        }
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
        thread.start();
    }

    /** A simulator life starts now: its ticks are numbered from a base at or after this instant. */
    public synchronized void simulatorLaunched(long launchMicros) {
        lives.put(launchMicros, new HashMap<>());
    }

    /** Opens a window: ticks ingested from the end of the last window (the first: from now) are judged in it. */
    public synchronized void open(String name) {
        window = name;
        if (judgingSince == Long.MAX_VALUE) {
            judgingSince = Micros.now();
            windowStart = judgingSince;
        }
        lostTicks = 0;
        jumpsLogged = 0;
        duplicateTicks = 0;
        latency = new Histogram(3_600_000_000L, 3);
        lastPredictionRead = Micros.now();
        longestStall = 0;
        probes.clear();
    }

    /** Notes an event (a broker's return, a restart): the window reports how long until predictions flowed after it. */
    public synchronized void probe(String label) {
        probeAt(label, Micros.now());
    }

    /** Notes an event that happened at {@code micros}. */
    public synchronized void probeAt(String label, long micros) {
        probes.put(label, new long[] {micros, NEVER});
    }

    /**
     * Opens the first window at {@code startMicros}, in the past: a judge started after the fact (on the DR cluster)
     * judges the ticks around the switch.
     */
    public synchronized void openAt(String name, long startMicros) {
        if (judgingSince != Long.MAX_VALUE) {
            throw new IllegalStateException("openAt opens the first window only");
        }
        judgingSince = startMicros;
        windowStart = startMicros;
        open(name);
    }

    /** Per symbol, the sequences and ingest times (µs) of the ticks read since the last window closed. */
    public synchronized Map<String, long[][]> unclosedTicks() {
        Map<String, long[][]> ticks = new TreeMap<>();
        books.forEach((symbol, book) -> ticks.put(symbol, new long[][] {book.tickSequences.toArray(),
                book.tickIngest.toArray()}));
        return ticks;
    }

    /**
     * Closes the open window at the current instant, waits until every tick ingested in it has a prediction and the
     * outside producer's acknowledged ticks are all read (at most {@code settle}), and counts.
     */
    public WindowCount close(Duration settle) throws InterruptedException {
        long end;
        synchronized (this) {
            end = Micros.now();
        }
        Map<String, Long> acknowledged = ledger.highestAcknowledged();
        long deadline = System.nanoTime() + settle.toNanos();
        Totals totals;
        while (true) {
            ensureAlive();
            synchronized (this) {
                totals = reconcile(end, acknowledged);
                boolean settled = totals.unmatched == 0 && totals.rawBehind == 0;
                if (settled || System.nanoTime() > deadline) {
                    logDuplicates(end);
                    WindowCount count = count(end, totals, settled, totals.rawBehind == 0 ? 0
                            : oldestRawBehind(acknowledged));
                    books.values().forEach(book -> {
                        book.forget(end);
                        book.jumpsFrom.retain(i -> false);
                        book.jumpsTo.retain(i -> false);
                    });
                    window = null;
                    windowStart = end;
                    return count;
                }
            }
            TimeUnit.MILLISECONDS.sleep(250);
        }
    }

    /**
     * Waits until the pipeline has caught up: a live prediction read here whose tick was ingested less than
     * {@code within} ago (the first model trained and serving, the backlog from before it scored).
     */
    public void awaitCaughtUp(Duration within, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (freshestLatency > within.toNanos() / 1000) {
            ensureAlive();
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("predictions not within " + within + " of their ticks after "
                        + timeout + (freshestLatency == Long.MAX_VALUE ? " (none read)" : " (latest "
                        + freshestLatency / 1000 + " ms)"));
            }
            TimeUnit.MILLISECONDS.sleep(200);
        }
    }

    /** Offsets of the live predictions of the watched symbols in {@code partition}, in order (a copy). */
    public synchronized long[] watchedOffsets(int partition) {
        Longs offsets = watchedOffsets.get(partition);
        return offsets == null ? new long[0] : offsets.toArray();
    }

    /** Fails with the reader's error, if it had one. */
    public void ensureAlive() {
        if (failure != null) {
            throw new IllegalStateException("the judge's reader failed", failure);
        }
    }

    private record Totals(long ticks, long matched, long unmatched, long duplicates, long orphans, long lostAtLifeStart,
                          long rawBehind) {
    }

    private Totals reconcile(long end, Map<String, Long> acknowledged) {
        long ticks = 0;
        long matched = 0;
        long unmatched = 0;
        long duplicates = 0;
        long orphans = 0;
        for (SymbolBook book : books.values()) {
            SymbolBook.Reconciled reconciled = book.reconcile(end);
            ticks += reconciled.ticks();
            matched += reconciled.matched();
            unmatched += reconciled.unmatched();
            duplicates += reconciled.duplicates();
            orphans += reconciled.orphans();
        }
        long rawBehind = 0;
        for (Map.Entry<String, SymbolBook> entry : books.entrySet()) {
            SymbolBook book = entry.getValue();
            for (int i = 0; i < book.jumpsFrom.size(); i++) {
                long from = book.jumpsFrom.get(i);
                long to = book.jumpsTo.get(i);
                rawBehind += to - from - 1 - ledger.failedBetween(entry.getKey(), from, to);
            }
        }
        for (Map.Entry<String, Long> acked : acknowledged.entrySet()) {
            SymbolBook book = books.get(acked.getKey());
            long seen = book == null ? 0 : book.lastTick;
            if (acked.getValue() > seen) {
                rawBehind += acked.getValue() - seen - ledger.failedBetween(acked.getKey(), seen, acked.getValue() + 1);
            }
        }
        return new Totals(ticks, matched, unmatched, duplicates, orphans, lostAtLifeStarts(end), rawBehind);
    }

    /**
     * When the oldest raw tick still unread entered Kafka (its acknowledged record's timestamp, epoch µs), among
     * those {@link #reconcile} counts as behind; 0 when none of them was acknowledged. Once, at the close: it scans
     * the ledger.
     */
    private long oldestRawBehind(Map<String, Long> acknowledged) {
        long oldest = Long.MAX_VALUE;
        for (Map.Entry<String, SymbolBook> entry : books.entrySet()) {
            SymbolBook book = entry.getValue();
            for (int i = 0; i < book.jumpsFrom.size(); i++) {
                oldest = Math.min(oldest, ledger.oldestAcknowledgedBetween(entry.getKey(), book.jumpsFrom.get(i),
                        book.jumpsTo.get(i)));
            }
        }
        for (Map.Entry<String, Long> acked : acknowledged.entrySet()) {
            SymbolBook book = books.get(acked.getKey());
            long seen = book == null ? 0 : book.lastTick;
            oldest = Math.min(oldest, ledger.oldestAcknowledgedBetween(acked.getKey(), seen, acked.getValue() + 1));
        }
        return oldest == Long.MAX_VALUE ? 0 : oldest;
    }

    /** Names a few ticks predicted more than once, so a duplicate can be looked up on the topic. */
    private void logDuplicates(long end) {
        int named = 0;
        for (Map.Entry<String, SymbolBook> entry : books.entrySet()) {
            long tick = entry.getValue().reconcile(end).firstDuplicate();
            if (tick >= 0 && named++ < 5) {
                log.warn("{}: the tick {} {} has more than one live prediction on {}: {}", window,
                        entry.getKey(), tick, Topics.PREDICTIONS.name(), entry.getValue().predictionCopies(tick));
            }
        }
    }

    /** Ticks missing at the start of simulator lives begun in this window: each symbol's first tick is base + 1. */
    private long lostAtLifeStarts(long end) {
        long lost = 0;
        for (Map.Entry<Long, Map<String, Long>> life : lives.subMap(windowStart, end).entrySet()) {
            Map<String, Long> firsts = life.getValue();
            if (firsts.isEmpty()) {
                continue;
            }
            long base = firsts.values().stream().mapToLong(Long::longValue).min().orElseThrow() - 1;
            for (long first : firsts.values()) {
                lost += first - 1 - base;
            }
        }
        return lost;
    }

    private WindowCount count(long end, Totals totals, boolean settled, long oldestLostRawMicros) {
        Map<String, Double> flowing = new LinkedHashMap<>();
        probes.forEach((label, probe) -> flowing.put(label, probe[1] == NEVER ? -1 : probe[1] / 1e6));
        long stall = Math.max(longestStall, end - lastPredictionRead);
        return new WindowCount(window, windowStart, end, totals.ticks, lostTicks + totals.lostAtLifeStart
                + totals.rawBehind, oldestLostRawMicros, duplicateTicks, totals.unmatched, totals.duplicates,
                totals.orphans, latency.getValueAtPercentile(50) / 1000.0, latency.getValueAtPercentile(99) / 1000.0,
                latency.getMaxValue() / 1000.0, stall / 1000.0, flowing, settled, (Micros.now() - end) / 1e6);
    }

    private void run() {
        try {
            while (running) {
                ConsumerRecords<byte[], byte[]> records = consumer.poll(Duration.ofMillis(200));
                long now = Micros.now();
                synchronized (this) {
                    for (ConsumerRecord<byte[], byte[]> record : records) {
                        if (record.topic().equals(Topics.TICKS.name())) {
                            tick(record, Topics.TICKS.valueSerde().deserializer().deserialize(record.topic(),
                                    record.value()));
                        } else {
                            prediction(record, Topics.PREDICTIONS.valueSerde().deserializer()
                                    .deserialize(record.topic(), record.value()), now);
                        }
                    }
                }
            }
        } catch (WakeupException e) {
            // close() stops the reader.
        } catch (RuntimeException e) {
            log.error("The judge's reader failed", e);
            failure = e;
        }
    }

    private void tick(ConsumerRecord<byte[], byte[]> record, MarketTick tick) {
        String symbol = tick.getSymbol();
        SymbolBook book = books.computeIfAbsent(symbol, s -> new SymbolBook(rawSymbols.contains(s)));
        long sequence = tick.getSequence();
        boolean judged = tick.getIngestTimeMicros() >= judgingSince;
        if (sequence <= book.lastTick) {
            if (judged) {
                duplicateTicks++;
            }
            return;
        }
        if (sequence > book.lastTick + 1) {
            long missing = gap(book, symbol, sequence);
            if (judged) {
                lostTicks += missing;
                if (missing > 0 && jumpsLogged++ < 5) {
                    log.warn("{}: {} ticks of {} missing before {} (after {}), read at {}-{}@{}", window, missing,
                            symbol, sequence, book.lastTick, record.topic(), record.partition(), record.offset());
                }
            } else if (missing > 0 && book.lastTick > 0) {
                log.warn("{}: {} ticks missing before {} (outside any window)", symbol, missing, sequence);
            }
        }
        book.lastTick = sequence;
        if (judged) {
            book.tickSequences.add(sequence);
            book.tickIngest.add(tick.getIngestTimeMicros());
        }
    }

    /**
     * How many ticks a jump from the book's last sequence to {@code sequence} lost. A raw symbol's jump is noted and
     * judged at the window's close: the outside producer may learn only later (its delivery timeout) that the
     * missing sends failed, and a failed send was never produced.
     */
    private long gap(SymbolBook book, String symbol, long sequence) {
        if (book.raw) {
            book.jumpsFrom.add(book.lastTick);
            book.jumpsTo.add(sequence);
            return 0;
        }
        Map.Entry<Long, Map<String, Long>> life = lives.floorEntry(sequence - 1);
        if (life != null && life.getKey() > book.life) {
            book.life = life.getKey();
            life.getValue().putIfAbsent(symbol, sequence);
            return 0;
        }
        if (book.lastTick == 0) {
            // First tick of a life the drill did not announce (before the drill started it): nothing to compare.
            return 0;
        }
        return sequence - book.lastTick - 1;
    }

    private void prediction(ConsumerRecord<byte[], byte[]> record, Prediction prediction, long now) {
        if (prediction.getShadow()) {
            return;
        }
        freshestLatency = now - prediction.getIngestTimeMicros();
        String symbol = prediction.getSymbol();
        if (watched.contains(symbol)) {
            watchedOffsets.computeIfAbsent(record.partition(), p -> new Longs()).add(record.offset());
        }
        long ingest = prediction.getIngestTimeMicros();
        if (ingest < judgingSince) {
            return;
        }
        if (window != null) {
            longestStall = Math.max(longestStall, now - lastPredictionRead);
            lastPredictionRead = now;
            for (long[] probe : probes.values()) {
                if (probe[1] == NEVER && ingest >= probe[0]) {
                    probe[1] = now - probe[0];
                }
            }
            if (ingest >= windowStart) {
                latency.recordValue(Math.max(0, Math.min(now - ingest, latency.getHighestTrackableValue())));
            }
        }
        SymbolBook book = books.computeIfAbsent(symbol, s -> new SymbolBook(rawSymbols.contains(s)));
        book.predictionSequences.add(prediction.getTickSequence());
        book.predictionIngest.add(ingest);
        book.predictionPartitions.add(record.partition());
        book.predictionOffsets.add(record.offset());
        book.predictionScored.add(prediction.getScoreStartMicros());
    }


    @Override
    public void close() throws InterruptedException {
        running = false;
        consumer.wakeup();
        thread.join(TimeUnit.SECONDS.toMillis(10));
        consumer.close(Duration.ofSeconds(5));
    }
}
