package io.atlas.perf.wsload;

import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.client.transport.HttpClientTransportOverHTTP;
import org.eclipse.jetty.io.ClientConnector;
import org.eclipse.jetty.websocket.api.Session;
import org.eclipse.jetty.websocket.client.WebSocketClient;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The load generator's WebSocket connections, all from one non-blocking Jetty {@link WebSocketClient}: opened at a
 * set rate with a bounded number of upgrades in flight, each subscribing as it opens.
 */
final class LoadClients implements AutoCloseable {

    /** Upgrades in flight at once: enough to keep the rate, few enough not to flood the gateway's accept queue. */
    private static final int UPGRADES_IN_FLIGHT = 256;
    private static final long LARGEST_FRAME = 16L << 20;

    /** How the connecting went. */
    record Connected(int requested, int opened, int failed, double seconds, String firstFailure) {
    }

    private final WebSocketClient client;
    private final List<LoadClient> clients = new ArrayList<>();
    private CountDownLatch subscribed = new CountDownLatch(0);

    LoadClients(int connections) throws Exception {
        ClientConnector connector = new ClientConnector();
        connector.setSelectors(2);
        HttpClient http = new HttpClient(new HttpClientTransportOverHTTP(connector));
        http.setMaxConnectionsPerDestination(connections + UPGRADES_IN_FLIGHT);
        client = new WebSocketClient(http);
        client.setIdleTimeout(Duration.ofMinutes(30));
        client.setMaxTextMessageSize(LARGEST_FRAME);
        client.setMaxFrameSize(LARGEST_FRAME);
        client.start();
    }

    /**
     * Opens one connection per subscription to {@code uri}, {@code perSecond} a second, each subscribing as soon as
     * it is open; returns once every attempt succeeded or failed.
     */
    Connected open(URI uri, List<Subscription> subscriptions, SymbolSet set, Deliveries deliveries,
                   Supplier<long[]> verifyFrom, double perSecond, Duration timeout, Consumer<String> progress)
            throws InterruptedException {
        subscribed = new CountDownLatch(subscriptions.size());
        Semaphore upgrades = new Semaphore(UPGRADES_IN_FLIGHT);
        AtomicInteger opened = new AtomicInteger();
        AtomicInteger failed = new AtomicInteger();
        AtomicReference<String> firstFailure = new AtomicReference<>();
        List<CompletableFuture<Session>> attempts = new ArrayList<>(subscriptions.size());
        long start = System.nanoTime();
        long nextReport = start + TimeUnit.SECONDS.toNanos(5);
        for (int i = 0; i < subscriptions.size(); i++) {
            long due = start + (long) (i * 1e9 / perSecond);
            long wait = due - System.nanoTime();
            if (wait > 0) {
                TimeUnit.NANOSECONDS.sleep(wait);
            }
            if (System.nanoTime() > nextReport) {
                progress.accept(String.format(java.util.Locale.ROOT, "connecting: %,d of %,d open, %,d failed",
                        opened.get(), subscriptions.size(), failed.get()));
                nextReport += TimeUnit.SECONDS.toNanos(5);
            }
            upgrades.acquire();
            LoadClient listener = new LoadClient(subscriptions.get(i), set, deliveries, verifyFrom, subscribed);
            clients.add(listener);
            CompletableFuture<Session> attempt;
            try {
                attempt = client.connect(listener, uri);
            } catch (Exception e) {
                attempt = CompletableFuture.failedFuture(e);
            }
            attempts.add(attempt.whenComplete((session, e) -> {
                upgrades.release();
                if (e == null) {
                    opened.incrementAndGet();
                } else {
                    failed.incrementAndGet();
                    firstFailure.compareAndSet(null, e.toString());
                    subscribed.countDown();
                }
            }));
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        for (CompletableFuture<Session> attempt : attempts) {
            try {
                attempt.get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (Exception e) {
                // counted by the attempt's own completion
            }
        }
        return new Connected(subscriptions.size(), opened.get(), failed.get(), (System.nanoTime() - start) / 1e9,
                firstFailure.get());
    }

    /** Waits until every opened client's subscription was answered; false on timeout. */
    boolean awaitSubscribed(Duration timeout) throws InterruptedException {
        return subscribed.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    List<LoadClient> clients() {
        return clients;
    }

    /** Connections open now. */
    int held() {
        int held = 0;
        for (LoadClient c : clients) {
            if (c.open()) {
                held++;
            }
        }
        return held;
    }

    /** How many connections ended with each close code. */
    Map<Integer, Integer> closes() {
        Map<Integer, Integer> closes = new TreeMap<>();
        for (LoadClient c : clients) {
            if (c.closeCode() != 0) {
                closes.merge(c.closeCode(), 1, Integer::sum);
            }
        }
        return closes;
    }

    /** How many connections failed in transport while the run still held them, with the first cause; or empty. */
    Optional<String> errors() {
        int count = 0;
        Throwable first = null;
        for (LoadClient c : clients) {
            if (c.error() != null) {
                count++;
                first = first == null ? c.error() : first;
            }
        }
        return count == 0 ? Optional.empty() : Optional.of(count + " connections failed, e.g. " + first);
    }

    /** Subscriptions the gateway answered with an error, with the first such answer. */
    List<String> refusals() {
        List<String> refusals = new ArrayList<>();
        for (LoadClient c : clients) {
            if (c.refusal() != null) {
                refusals.add(c.refusal());
            }
        }
        return refusals;
    }

    @Override
    public void close() throws Exception {
        for (LoadClient c : clients) {
            c.close();
        }
        client.stop();
    }
}
