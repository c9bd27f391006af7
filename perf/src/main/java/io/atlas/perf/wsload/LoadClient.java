package io.atlas.perf.wsload;

import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Frame;
import org.eclipse.jetty.websocket.api.Session;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.concurrent.CountDownLatch;
import java.util.function.Supplier;

/**
 * One load client's WebSocket endpoint: subscribes as soon as it is open, then reads every frame, counting live
 * updates and their latency into the shared {@link Deliveries} and checking positions in its own
 * {@link ClientLedger}. It takes Jetty's raw frames and reads their UTF-8 bytes in place ({@link DataFrames}): no
 * string per frame, so that the clients cost the machine as little as they can beside the gateway they measure.
 * Jetty demands the next frame after each one (auto-demand): a client reads as fast as its thread lets it. Public:
 * Jetty binds listener methods through a public lookup.
 */
public final class LoadClient implements Session.Listener.AutoDemanding, DataFrames.Visitor {

    static final String SUBSCRIPTION_ID = "load";
    private static final ThreadLocal<byte[]> SCRATCH = ThreadLocal.withInitial(() -> new byte[64 * 1024]);

    private final Subscription subscription;
    private final SymbolSet set;
    private final Deliveries deliveries;
    private final Supplier<long[]> verifyFrom;
    private final CountDownLatch subscribed;
    private final ClientLedger ledger;
    private volatile Session session;
    private volatile int closeCode;
    private volatile String refusal;
    private volatile boolean closing;
    private volatile Throwable error;
    private long receivedMicros;
    private long[] window;
    private int live;
    // a text message the server sent in fragments (it does not, but a transport may split a large frame)
    private byte[] partial;
    private int partialLength;

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
    public void onWebSocketFrame(Frame frame, Callback callback) {
        ByteBuffer payload = frame.getPayload();
        int length = payload == null ? 0 : payload.remaining();
        if (!frame.isFin() || partial != null) {
            gather(payload, length);
            if (!frame.isFin()) {
                callback.succeed();
                return;
            }
            byte[] whole = partial;
            int wholeLength = partialLength;
            partial = null;
            text(whole, wholeLength);
        } else {
            byte[] bytes = scratch(length);
            payload.get(payload.position(), bytes, 0, length);
            text(bytes, length);
        }
        callback.succeed();
    }

    private void gather(ByteBuffer payload, int length) {
        if (partial == null) {
            partial = new byte[Math.max(1024, length)];
            partialLength = 0;
        }
        if (partialLength + length > partial.length) {
            partial = Arrays.copyOf(partial, Math.max(partial.length * 2, partialLength + length));
        }
        if (length > 0) {
            payload.get(payload.position(), partial, partialLength, length);
            partialLength += length;
        }
    }

    private static byte[] scratch(int length) {
        byte[] bytes = SCRATCH.get();
        if (bytes.length < length) {
            bytes = new byte[Math.max(length, bytes.length * 2)];
            SCRATCH.set(bytes);
        }
        return bytes;
    }

    private void text(byte[] frame, int length) {
        if (DataFrames.carriesData(frame, length)) {
            receivedMicros = Clocks.nowMicros();
            window = verifyFrom.get();
            live = 0;
            DataFrames.read(frame, length, this);
            deliveries.frame(length, live);
        } else if (DataFrames.isAck(frame, length)) {
            subscribed.countDown();
        } else if (DataFrames.isError(frame, length) && refusal == null) {
            refusal = new String(frame, 0, length, java.nio.charset.StandardCharsets.UTF_8);
            subscribed.countDown();
        }
    }

    @Override
    public void update(byte[] frame, int symbolStart, int symbolEnd, int partition, long offset, boolean snapshot,
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

    /** A transport error while the run still wanted the connection is kept; one after {@link #close} is expected. */
    @Override
    public void onWebSocketError(Throwable cause) {
        if (!closing && error == null) {
            error = cause;
        }
    }

    /** The transport error that ended the connection before the run closed it, or null. */
    Throwable error() {
        return error;
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
        closing = true;
        Session s = session;
        if (s != null && s.isOpen()) {
            s.close();
        }
    }
}
