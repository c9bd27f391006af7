package io.atlas.gateway.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.client.transport.HttpClientTransportOverHTTP;
import org.eclipse.jetty.io.ClientConnector;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;
import org.eclipse.jetty.websocket.client.ClientUpgradeRequest;
import org.eclipse.jetty.websocket.client.WebSocketClient;

import java.net.URI;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A real Jetty WebSocket client for tests: records every text frame it receives as JSON, in order. A stalled client
 * stops demanding frames after the first few, so the server's writes back up.
 */
public final class TestClient implements Session.Listener, AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();
    static final Duration WAIT = Duration.ofSeconds(60);

    private final BlockingQueue<JsonNode> frames = new LinkedBlockingQueue<>();
    private final List<Integer> batchSizes = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final List<Integer> batchLengths = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final CompletableFuture<Integer> closed = new CompletableFuture<>();
    private final WebSocketClient client;
    private volatile int demandFrames;
    private volatile Session session;
    private int received;

    private TestClient(WebSocketClient client, int demandFrames) {
        this.client = client;
        this.demandFrames = demandFrames;
    }

    static TestClient connect(int port, Map<String, String> headers) throws Exception {
        return connect(port, headers, Integer.MAX_VALUE, 0);
    }

    /**
     * @param demandFrames frames read before the client stalls (stops demanding)
     * @param receiveBuffer socket receive buffer in bytes, 0 for the OS default
     */
    static TestClient connect(int port, Map<String, String> headers, int demandFrames, int receiveBuffer)
            throws Exception {
        return connect("ws", port, headers, demandFrames, receiveBuffer);
    }

    /** Over TLS, trusting any certificate (the test's self-signed one). */
    static TestClient connectTls(int port) throws Exception {
        return connect("wss", port, Map.of(), Integer.MAX_VALUE, 0);
    }

    /**
     * With a query on the upgrade (e.g. {@code batch=true&batchLingerMs=20}); batch frames are unpacked, so that
     * {@link #next} and friends see their data frames one by one, and recorded ({@link #batchSizes()}).
     */
    static TestClient connect(int port, String query, int demandFrames, int receiveBuffer) throws Exception {
        return connect("ws", port, query.isEmpty() ? "" : "?" + query, Map.of(), demandFrames, receiveBuffer);
    }

    private static TestClient connect(String scheme, int port, Map<String, String> headers, int demandFrames,
                                      int receiveBuffer) throws Exception {
        return connect(scheme, port, "", headers, demandFrames, receiveBuffer);
    }

    private static TestClient connect(String scheme, int port, String query, Map<String, String> headers,
                                      int demandFrames, int receiveBuffer) throws Exception {
        ClientConnector connector = new ClientConnector();
        if (scheme.equals("wss")) {
            connector.setSslContextFactory(new org.eclipse.jetty.util.ssl.SslContextFactory.Client(true));
        }
        if (receiveBuffer > 0) {
            connector.setReceiveBufferSize(receiveBuffer);
        }
        HttpClient http = new HttpClient(new HttpClientTransportOverHTTP(connector));
        WebSocketClient ws = new WebSocketClient(http);
        ws.start();
        TestClient client = new TestClient(ws, demandFrames);
        ClientUpgradeRequest request = new ClientUpgradeRequest();
        headers.forEach(request::setHeader);
        try {
            ws.connect(client, URI.create(scheme + "://127.0.0.1:" + port + Gateway.WS_PATH + query), request)
                    .get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            ws.stop();
            throw e;
        }
        return client;
    }

    @Override
    public void onWebSocketOpen(Session session) {
        this.session = session;
        session.demand();
    }

    @Override
    public void onWebSocketText(String text) {
        JsonNode frame;
        try {
            frame = JSON.readTree(text);
        } catch (Exception e) {
            throw new IllegalStateException("server sent invalid JSON: " + text, e);
        }
        if ("batch".equals(frame.path("op").asText())) {
            batchSizes.add(frame.path("frames").size());
            batchLengths.add(text.getBytes(java.nio.charset.StandardCharsets.UTF_8).length);
            frame.path("frames").forEach(frames::add);
        } else {
            frames.add(frame);
        }
        if (++received < demandFrames) {
            session.demand();
        }
    }

    @Override
    public void onWebSocketClose(int statusCode, String reason) {
        closed.complete(statusCode);
    }

    void send(String text) throws Exception {
        CompletableFuture<Void> sent = new CompletableFuture<>();
        session.sendText(text, Callback.from(() -> sent.complete(null), sent::completeExceptionally));
        sent.get(30, TimeUnit.SECONDS);
    }

    void sendBinary(byte[] bytes) throws Exception {
        CompletableFuture<Void> sent = new CompletableFuture<>();
        session.sendBinary(ByteBuffer.wrap(bytes), Callback.from(() -> sent.complete(null),
                sent::completeExceptionally));
        sent.get(30, TimeUnit.SECONDS);
    }

    /** Resumes reading after a stall, for good. */
    void resumeReading() {
        demandFrames = Integer.MAX_VALUE;
        session.demand();
    }

    /** Data frames per batch frame received so far, in order. */
    List<Integer> batchSizes() {
        return List.copyOf(batchSizes);
    }

    /** UTF-8 length of each batch frame received so far. */
    List<Integer> batchLengths() {
        return List.copyOf(batchLengths);
    }

    /** The next frame matching {@code filter}, skipping (and dropping) others such as heartbeats. */
    JsonNode next(Predicate<JsonNode> filter) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            JsonNode frame = frames.poll(100, TimeUnit.MILLISECONDS);
            if (frame != null && filter.test(frame)) {
                return frame;
            }
        }
        throw new AssertionError("no matching frame within " + WAIT);
    }

    JsonNode nextOp(String op) throws InterruptedException {
        return next(f -> op.equals(f.path("op").asText()));
    }

    /** Reply to request {@code id}: its ack or error. */
    JsonNode reply(String id) throws InterruptedException {
        return next(f -> id.equals(f.path("id").asText()) && !"data".equals(f.path("op").asText()));
    }

    /** Data frames for {@code symbol} until {@code last} (inclusive) is seen, in arrival order. */
    List<JsonNode> dataUntil(String symbol, long lastOffset) throws InterruptedException {
        List<JsonNode> out = new ArrayList<>();
        while (true) {
            JsonNode frame = next(f -> "data".equals(f.path("op").asText()) && symbol.equals(f.path("symbol").asText()));
            out.add(frame);
            if (frame.path("offset").asLong(-1) == lastOffset) {
                return out;
            }
        }
    }

    /** Frames received so far and not yet taken. */
    List<JsonNode> drain() {
        List<JsonNode> out = new ArrayList<>();
        frames.drainTo(out);
        return out;
    }

    int awaitClose() throws Exception {
        return closed.get(60, TimeUnit.SECONDS);
    }

    boolean isOpen() {
        return session != null && session.isOpen();
    }

    void disconnectHard() {
        session.disconnect();
    }

    @Override
    public void close() throws Exception {
        if (session != null && session.isOpen()) {
            session.close();
        }
        client.stop();
    }
}
