package io.atlas.drill.load;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;
import org.eclipse.jetty.websocket.client.WebSocketClient;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * WebSocket clients of the gateway replicas that behave as the protocol asks a frontend to: each subscribes to the
 * watched symbols, remembers its session's resume token and, per partition, the offset of the last data frame it
 * received; when its connection ends (a replica killed, or draining with 1001) it reconnects to the next replica and
 * resumes with those positions, backing off while connections keep failing. Every live data frame's (partition,
 * offset) is recorded for the judge.
 */
public final class ResumingClients implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ResumingClients.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long RECONNECT_DELAY_MS = 200;
    private static final long MAX_RECONNECT_DELAY_MS = 5_000;

    private final WebSocketClient webSockets = new WebSocketClient();
    private final ScheduledExecutorService reconnects = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "drill-ws-reconnect");
        thread.setDaemon(true);
        return thread;
    });
    private final List<Client> clients = new ArrayList<>();
    private volatile List<URI> gateways;
    private final String subscribe;
    private volatile boolean closed;

    /** What one client did and received: cumulative, read by the judge. */
    public record Received(int client, Map<Integer, long[]> offsets, long connects, long resumes,
                           long resumesRefused) {
    }

    public ResumingClients(List<URI> gateways, int count, List<String> symbols) throws Exception {
        this.gateways = List.copyOf(gateways);
        ObjectNode request = JSON.createObjectNode().put("op", "subscribe").put("id", "drill");
        symbols.forEach(request.putArray("symbols")::add);
        this.subscribe = JSON.writeValueAsString(request);
        webSockets.setIdleTimeout(Duration.ofMinutes(30));
        webSockets.start();
        for (int i = 0; i < count; i++) {
            Client client = new Client(i);
            clients.add(client);
            client.connect(i % gateways.size());
        }
    }

    /** Points reconnecting clients at other gateway replicas (the DR region's, after a failover). */
    public void retarget(List<URI> replicas) {
        this.gateways = List.copyOf(replicas);
    }

    /** How many clients are connected and subscribed (or resumed) right now. */
    public long live() {
        return clients.stream().filter(Client::live).count();
    }

    public List<Received> received() {
        return clients.stream().map(Client::snapshot).toList();
    }

    @Override
    public void close() throws Exception {
        closed = true;
        reconnects.shutdownNow();
        webSockets.stop();
    }

    private final class Client {
        private final int id;
        private String token;
        // This connection's own session, taken instead when the resume of the earlier one is refused.
        private String connectionToken;
        private boolean live;
        private int gateway;
        private final Map<Integer, Long> positions = new TreeMap<>();
        private final Map<Integer, List<Long>> offsets = new HashMap<>();
        private long connects;
        private long resumes;
        private long resumesRefused;
        // Connections ended since the client was last live: each doubles the wait before the next.
        private int failures;

        Client(int id) {
            this.id = id;
        }

        synchronized boolean live() {
            return live;
        }

        synchronized Received snapshot() {
            Map<Integer, long[]> copy = new TreeMap<>();
            offsets.forEach((partition, list) -> copy.put(partition,
                    list.stream().mapToLong(Long::longValue).toArray()));
            return new Received(id, copy, connects, resumes, resumesRefused);
        }

        void connect(int replica) {
            if (closed) {
                return;
            }
            List<URI> targets = gateways;
            int index = Math.floorMod(replica, targets.size());
            synchronized (this) {
                gateway = index;
            }
            // A refused upgrade is reported both to the listener and through the future: one end, one reconnect.
            // Two would double the client's reconnect loops at every refusal (the DR run of 2026-12-06-1421 held
            // 1,000 connections of 4 clients and was refused 17,000 upgrades).
            Listener listener = new Listener(this);
            try {
                webSockets.connect(listener, targets.get(index)).whenComplete((session, error) -> {
                    if (error != null) {
                        listener.end();
                    }
                });
            } catch (IOException e) {
                listener.end();
            }
        }

        void reconnect(int replica) {
            long delay;
            synchronized (this) {
                live = false;
                delay = Math.min(MAX_RECONNECT_DELAY_MS, RECONNECT_DELAY_MS << Math.min(failures, 5));
                failures++;
            }
            if (!closed) {
                reconnects.schedule(() -> connect(replica), delay, TimeUnit.MILLISECONDS);
            }
        }

        synchronized void opened() {
            connects++;
        }

        void frame(Session session, String text) throws IOException {
            JsonNode frame = JSON.readTree(text);
            String op = frame.path("op").asText();
            switch (op) {
                case "welcome" -> welcome(session, frame.path("token").asText());
                case "data" -> data(frame);
                case "ack" -> acknowledged(frame);
                case "resumed" -> markLive();
                case "error" -> refused(session, frame);
                default -> {
                    // heartbeats
                }
            }
        }

        private void welcome(Session session, String connectionToken) throws IOException {
            String request;
            synchronized (this) {
                this.connectionToken = connectionToken;
                if (token == null) {
                    token = connectionToken;
                    request = subscribe;
                } else {
                    ObjectNode resume = JSON.createObjectNode().put("op", "resume").put("id", "resume")
                            .put("token", token);
                    ObjectNode at = resume.putObject("positions");
                    positions.forEach((partition, offset) -> at.put(Integer.toString(partition), offset));
                    request = JSON.writeValueAsString(resume);
                }
            }
            session.sendText(request, Callback.NOOP);
        }

        private synchronized void acknowledged(JsonNode frame) {
            if ("drill".equals(frame.path("id").asText())) {
                markLive();
            } else if ("resume".equals(frame.path("id").asText())) {
                token = frame.path("token").asText();
                resumes++;
            }
        }

        private synchronized void markLive() {
            live = true;
            failures = 0;
        }

        private void refused(Session session, JsonNode frame) {
            synchronized (this) {
                if (!"resume".equals(frame.path("id").asText())) {
                    log.warn("client {}: error {}", id, frame);
                    return;
                }
                // The session is unknown here (another region's store, or never saved): start afresh.
                resumesRefused++;
                token = connectionToken;
            }
            session.sendText(subscribe, Callback.NOOP);
        }

        private synchronized void data(JsonNode frame) {
            if (frame.path("snapshot").asBoolean() || frame.path("offset").isNull()) {
                return;
            }
            int partition = frame.path("partition").asInt();
            long offset = frame.path("offset").asLong();
            positions.merge(partition, offset, Math::max);
            offsets.computeIfAbsent(partition, p -> new ArrayList<>()).add(offset);
        }

        synchronized int gateway() {
            return gateway;
        }
    }

    // Public: Jetty binds the listener's methods through a public lookup.
    public final class Listener implements Session.Listener.AutoDemanding {
        private final Client client;
        private Session session;
        private boolean ended;

        Listener(Client client) {
            this.client = client;
        }

        @Override
        public void onWebSocketOpen(Session session) {
            this.session = session;
            client.opened();
        }

        @Override
        public void onWebSocketText(String text) {
            try {
                client.frame(session, text);
            } catch (IOException | RuntimeException e) {
                log.warn("client {}: unreadable frame {}", client.id, text, e);
            }
        }

        @Override
        public void onWebSocketClose(int statusCode, String reason) {
            end();
        }

        @Override
        public void onWebSocketError(Throwable cause) {
            log.debug("client {}: {}", client.id, cause.toString());
            end();
        }

        // Jetty may report an error and then the close of the same connection: reconnect once.
        synchronized void end() {
            if (!ended) {
                ended = true;
                client.reconnect(client.gateway() + 1);
            }
        }
    }
}
