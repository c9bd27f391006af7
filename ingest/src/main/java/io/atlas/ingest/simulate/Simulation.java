package io.atlas.ingest.simulate;

import io.atlas.events.MarketTick;
import io.atlas.ingest.publish.PublishRejectedException;
import io.atlas.ingest.publish.TickPublisher;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.locks.LockSupport;

/**
 * Reads ticks from a {@link MarketModel} and writes them through a {@link TickPublisher} at a paced rate, until a
 * count or duration limit is reached or {@link #stop()} is called. Runs on the caller's thread.
 */
final class Simulation {

    private static final Logger log = LoggerFactory.getLogger(Simulation.class);
    private static final int MAX_BATCH = 500;

    private final MarketModel model;
    private final TickPublisher publisher;
    private final double rate;
    private final long count;
    private final Duration duration;
    private final Counter generated;
    private final Counter rejections;
    private volatile Pacer pacer;
    private volatile boolean stopRequested;

    /**
     * @param rate     ticks per second, 0 for flat out
     * @param count    stop after this many ticks; 0 for no limit
     * @param duration stop after this long; zero for no limit
     */
    Simulation(MarketModel model, TickPublisher publisher, double rate, long count, Duration duration,
               MeterRegistry registry) {
        this.model = model;
        this.publisher = publisher;
        this.rate = rate;
        this.count = count;
        this.duration = duration;
        this.generated = Counter.builder("atlas.ingest.simulate.ticks")
                .description("Ticks the simulator generated and handed to the publisher").register(registry);
        this.rejections = Counter.builder("atlas.ingest.simulate.backpressure")
                .description("Times the publisher refused a tick for lack of budget; the tick was retried")
                .register(registry);
        Gauge.builder("atlas.ingest.simulate.behind", this, s -> s.behindNow())
                .description("Ticks due by the schedule and not yet generated").register(registry);
    }

    /** Publishes until a limit or {@link #stop()}; returns the number of ticks handed to the publisher. */
    long run() {
        long startNanos = System.nanoTime();
        long endNanos = duration.isZero() ? Long.MAX_VALUE : startNanos + duration.toNanos();
        Pacer pacing = new Pacer(rate, startNanos, MAX_BATCH);
        this.pacer = pacing;
        long sent = 0;
        while (!stopRequested && (count == 0 || sent < count)) {
            long now = System.nanoTime();
            if (now >= endNanos) {
                break;
            }
            int batch = pacing.release(now);
            if (batch == 0) {
                LockSupport.parkNanos(Math.min(pacing.nanosUntilNext(now), 10_000_000L));
                continue;
            }
            if (count > 0) {
                batch = (int) Math.min(batch, count - sent);
            }
            for (int i = 0; i < batch && !stopRequested; i++) {
                if (publishRetrying(model.next(nowMicros()))) {
                    sent++;
                    generated.increment();
                }
            }
        }
        log.info("Simulation ended after {} ticks", sent);
        return sent;
    }

    /** Back-pressure slows the simulator down: a refused tick used no sequence number, so it is simply retried. */
    private boolean publishRetrying(MarketTick tick) {
        while (!stopRequested) {
            try {
                publisher.publish(tick);
                return true;
            } catch (PublishRejectedException e) {
                rejections.increment();
                log.warn("Back-pressure: {}; retrying", e.getMessage());
            }
        }
        return false;
    }

    void stop() {
        stopRequested = true;
    }

    private double behindNow() {
        Pacer current = pacer;
        return current == null ? 0 : current.behind(System.nanoTime());
    }

    private static long nowMicros() {
        Instant now = Instant.now();
        return now.getEpochSecond() * 1_000_000L + now.getNano() / 1_000;
    }
}
