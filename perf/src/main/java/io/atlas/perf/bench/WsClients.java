package io.atlas.perf.bench;

import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;
import org.eclipse.jetty.websocket.client.WebSocketClient;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * WebSocket clients of the gateway in the bench JVM, each subscribed to every symbol, handing every live data frame's
 * text to a {@link LiveFrames} (snapshot frames are not live). The rollout bench uses them because it reads each
 * frame's model version; the pipeline runs measure through the load generator's JVM instead ({@link LoadGenClients}),
 * so that their clients' CPU is not the bench's.
 */
public final class WsClients implements AutoCloseable {

    private static final String SUBSCRIBE_ALL = "{\"op\":\"subscribe\",\"id\":\"all\",\"patterns\":[\"*\"]}";
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(60);

    private final WebSocketClient client = new WebSocketClient();
    private final List<Session> sessions = new ArrayList<>();
    private final LiveFrames onLive;
    private volatile Throwable failure;

    /** Told of every live data frame as it arrives, on the client's thread: it must return quickly. */
    @FunctionalInterface
    interface LiveFrames {
        void received(String frame, long receivedMicros);
    }

    /**
     * Connects {@code count} clients to {@code uri}, retrying until the gateway listens, and subscribes each to *;
     * every live data frame is passed to {@code onLive}.
     */
    WsClients(URI uri, int count, LiveFrames onLive) throws Exception {
        this.onLive = onLive;
        client.setIdleTimeout(Duration.ofMinutes(30));
        client.start();
        long deadline = System.nanoTime() + CONNECT_TIMEOUT.toNanos();
        for (int i = 0; i < count; i++) {
            while (true) {
                try {
                    Session session = client.connect(new Listener(), uri).get(10, TimeUnit.SECONDS);
                    session.sendText(SUBSCRIBE_ALL, Callback.NOOP);
                    sessions.add(session);
                    break;
                } catch (Exception e) {
                    if (System.nanoTime() > deadline) {
                        throw new IllegalStateException("could not open WebSocket client " + (i + 1) + " to " + uri
                                + " within " + CONNECT_TIMEOUT, e);
                    }
                    Thread.sleep(250);
                }
            }
        }
    }

    /** Throws if a client was closed or failed. */
    void ensureAlive() {
        if (failure != null) {
            throw new IllegalStateException("a WebSocket client failed", failure);
        }
    }

    /**
     * The non-negative integer after the first {@code key} (a quoted name and its colon, e.g.
     * {@code "modelVersion":}) in a frame's text; -1 when there is none. A data frame's own fields come before its
     * prediction's, so a name both have is read from the frame.
     */
    static long number(String frame, String key) {
        int at = frame.indexOf(key);
        if (at < 0) {
            return -1;
        }
        long value = 0;
        int digits = 0;
        for (int i = at + key.length(); i < frame.length(); i++) {
            char c = frame.charAt(i);
            if (c < '0' || c > '9') {
                break;
            }
            value = value * 10 + (c - '0');
            digits++;
        }
        return digits == 0 ? -1 : value;
    }

    @Override
    public void close() throws Exception {
        for (Session session : sessions) {
            session.close();
        }
        client.stop();
    }

    // Public: Jetty binds the listener's methods through a public lookup.
    public final class Listener implements Session.Listener.AutoDemanding {
        // A refused connect attempt (the gateway not listening yet) is retried, not a failure.
        private volatile boolean opened;

        @Override
        public void onWebSocketOpen(Session session) {
            opened = true;
        }

        @Override
        public void onWebSocketText(String text) {
            if (!text.startsWith("{\"op\":\"data\"") || text.contains("\"snapshot\":true")) {
                return;
            }
            onLive.received(text, Measurement.nowMicros());
        }

        @Override
        public void onWebSocketClose(int statusCode, String reason) {
            if (opened && failure == null && statusCode != 1000 && statusCode != 1001) {
                failure = new IllegalStateException("closed by the gateway: " + statusCode + " " + reason);
            }
        }

        @Override
        public void onWebSocketError(Throwable cause) {
            if (opened) {
                failure = cause;
            }
        }
    }
}
