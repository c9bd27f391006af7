package io.atlas.perf.wsload;

import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;

import java.util.concurrent.CountDownLatch;
import java.util.function.Supplier;

/**
 * One load client's WebSocket endpoint: subscribes as soon as it is open, then reads every frame, counting live
 * updates and their latency into the shared {@link Deliveries} and checking positions in its own
 * {@link ClientLedger}. Jetty demands the next frame after each one (auto-demand): a client reads as fast as its
 * thread lets it. Public: Jetty binds listener methods through a public lookup.
 */
public final class LoadClient implements Session.Listener.AutoDemanding, DataFrames.Visitor {

    static final String SUBSCRIPTION_ID = "load";
    private static final String ACK = "{\"op\":\"ack\",\"id\":\"" + SUBSCRIPTION_ID + "\"";
    private static final String ERROR = "{\"op\":\"error\"";

    private final Subscription subscription;
    private final SymbolSet set;
    private final Deliveries deliveries;
    private final Supplier<long[]> verifyFrom;
    private final CountDownLatch subscribed;
    private final ClientLedger ledger;
    private volatile Session session;
    private volatile int closeCode;
    private volatile String refusal;
    private long receivedMicros;
    private long[] window;
    private int live;

    /**
     * @param verifyFrom per partition, where the gap check starts; null until it does
     * @param subscribed counted down once the subscription is acknowledged (or refused)
     */
    LoadClient(Subscription subscription, SymbolSet set, Deliveries deliveries, Supplier<long[]> verifyFrom,
               CountDownLatch subscribed) {
        this.subscription = subscription;
        this.set = set;
        this.deliveries = deliveries;
        this.verifyFrom = verifyFrom;
        this.subscribed = subscribed;
        this.ledger = new ClientLedger(subscription, set);
    }

    @Override
    public void onWebSocketOpen(Session session) {
        this.session = session;
        session.sendText(subscription.request(SUBSCRIPTION_ID, set), Callback.NOOP);
    }

    @Override
    public void onWebSocketText(String text) {
        if (DataFrames.carriesData(text)) {
            receivedMicros = Clocks.nowMicros();
            window = verifyFrom.get();
            live = 0;
            DataFrames.read(text, this);
            deliveries.frame(text.length(), live);
        } else if (text.startsWith(ACK)) {
            subscribed.countDown();
        } else if (text.startsWith(ERROR) && refusal == null) {
            refusal = text;
            subscribed.countDown();
        }
    }

    @Override
    public void update(String frame, int symbolStart, int symbolEnd, int partition, long offset, boolean snapshot,
                       long exchangeMicros, long scoredMicros) {
        ledger.update(frame, symbolStart, symbolEnd, partition, offset, snapshot, window);
        if (!snapshot) {
            live++;
            deliveries.latency(receivedMicros, scoredMicros, exchangeMicros);
        }
    }

    @Override
    public void onWebSocketClose(int statusCode, String reason) {
        closeCode = statusCode;
    }

    Subscription subscription() {
        return subscription;
    }

    ClientLedger ledger() {
        return ledger;
    }

    boolean open() {
        Session s = session;
        return s != null && s.isOpen();
    }

    /** The close code the connection ended with, 0 while open (or never opened). */
    int closeCode() {
        return closeCode;
    }

    /** The error frame that answered the subscription, or null. */
    String refusal() {
        return refusal;
    }

    void close() {
        Session s = session;
        if (s != null && s.isOpen()) {
            s.close();
        }
    }
}
