package io.atlas.gateway.server;

import io.atlas.gateway.auth.ClientLimits;
import io.atlas.gateway.auth.TokenVerifier;
import io.atlas.gateway.evaluation.HitRateWindow;
import io.atlas.gateway.evaluation.OutcomeFeed;
import io.atlas.gateway.fanout.FanOut;
import io.atlas.gateway.fanout.LastValueCache;
import io.atlas.gateway.fanout.PredictionFeed;
import io.atlas.gateway.fanout.Replayer;
import io.atlas.gateway.ops.GatewayMetrics;
import io.atlas.gateway.protocol.Batching;
import io.atlas.gateway.protocol.CloseCodes;
import io.atlas.gateway.protocol.RequestParser;
import io.atlas.gateway.protocol.ServerFrames;
import io.atlas.gateway.session.ClientConnection;
import io.atlas.gateway.session.ClientIdentity;
import io.atlas.gateway.session.InMemorySessionStore;
import io.atlas.gateway.session.Outbound;
import io.atlas.gateway.session.RedisSessionStore;
import io.atlas.gateway.session.ResumeTokens;
import io.atlas.gateway.session.SessionState;
import io.atlas.gateway.session.SessionStore;
import io.atlas.ops.KafkaConnection;
import io.atlas.ops.trace.Tracing;
import io.micrometer.core.instrument.MeterRegistry;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.ContextHandler;
import org.eclipse.jetty.server.handler.ResourceHandler;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.Fields;
import org.eclipse.jetty.util.resource.ResourceFactory;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.eclipse.jetty.websocket.api.Session;
import org.eclipse.jetty.websocket.server.ServerUpgradeRequest;
import org.eclipse.jetty.websocket.server.ServerUpgradeResponse;
import org.eclipse.jetty.websocket.server.WebSocketUpgradeHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The gateway process's root: owns the prediction feed (fan-out thread), the outcome feed (hit rates), the Jetty
 * server with the WebSocket endpoint at {@value #WS_PATH}, the live page at {@code /} with its per-hop latencies at
 * {@value HopsJson#PATH} and hit rates at {@value HitRateJson#PATH}, the session store, and the housekeeping thread
 * (heartbeats, slow-consumer and token-expiry checks, session saves).
 * {@link #close()} drains: every client gets 1001 Going Away with its session saved, so it can resume on another
 * replica.
 */
public final class Gateway implements AutoCloseable {

    public static final String WS_PATH = "/ws";
    private static final Logger log = LoggerFactory.getLogger(Gateway.class);
    private static final long SWEEP_MS = 100;

    private final GatewayConfig config;
    private final GatewayMetrics metrics;
    private final FanOut fanOut;
    private final PredictionFeed feed;
    private final HitRateWindow hitRates = new HitRateWindow();
    private final OutcomeFeed outcomes;
    private final Replayer replayer;
    private final SessionStore store;
    private final ResumeTokens tokens;
    private final ClientLimits limits;
    private final TokenVerifier verifier;
    private final RequestHandler requests;
    private final Set<ClientConnection> connections = ConcurrentHashMap.newKeySet();
    private final ConcurrentHashMap<ClientConnection, Integer> serverCloses = new ConcurrentHashMap<>();
    private final ScheduledExecutorService scheduler;
    private final ScheduledExecutorService lingerTimer;
    private final java.util.concurrent.ExecutorService writers;
    private final Server server;
    private final ServerConnector connector;
    private final AtomicBoolean started = new AtomicBoolean();
    private final AtomicBoolean closed = new AtomicBoolean();
    private volatile boolean draining;
    private long lastHeartbeatMillis = System.currentTimeMillis();
    private long lastSaveMillis = System.currentTimeMillis();

    public Gateway(GatewayConfig config, MeterRegistry registry) {
        this(config, registry, Tracing.off());
    }

    /** A gateway tracing each sampled live update's fan-out through {@code tracing}, which the caller closes. */
    public Gateway(GatewayConfig config, MeterRegistry registry, Tracing tracing) {
        this.config = config;
        this.metrics = new GatewayMetrics(registry);
        var clientSettings = KafkaConnection.clientSettings(config);
        LastValueCache cache = new LastValueCache();
        int writerThreads = Math.max(2, Runtime.getRuntime().availableProcessors());
        java.util.concurrent.atomic.AtomicInteger writerNumber = new java.util.concurrent.atomic.AtomicInteger();
        this.writers = Executors.newFixedThreadPool(writerThreads, r -> {
            Thread t = new Thread(r, "gateway-writer-" + writerNumber.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        this.fanOut = new FanOut(cache, config.getInt(GatewayConfig.MAX_SUBSCRIPTIONS), writers, writerThreads);
        this.feed = new PredictionFeed(clientSettings, config.getInt(GatewayConfig.FETCH_WAIT_MS),
                Duration.ofMillis(config.getLong(GatewayConfig.LAST_VALUE_LAG_MS)), fanOut, metrics, tracing);
        this.outcomes = new OutcomeFeed(clientSettings, hitRates, metrics);
        this.replayer = new Replayer(clientSettings, cache, 2);
        long ttl = config.getLong(GatewayConfig.SESSION_TTL_SECONDS);
        String redis = config.getString(GatewayConfig.REDIS_URL);
        this.store = redis.isBlank() ? new InMemorySessionStore(TimeUnit.SECONDS.toMillis(ttl))
                : new RedisSessionStore(redis, ttl);
        String resumeSecret = config.getPassword(GatewayConfig.RESUME_SECRET).value();
        byte[] secret;
        if (resumeSecret.isEmpty()) {
            secret = new byte[32];
            new SecureRandom().nextBytes(secret);
            log.warn("{} is not set: resume tokens are only valid on this replica", GatewayConfig.RESUME_SECRET);
        } else {
            secret = resumeSecret.getBytes(StandardCharsets.UTF_8);
        }
        this.tokens = new ResumeTokens(secret);
        this.limits = new ClientLimits(config.getLong(GatewayConfig.RATE_LIMIT),
                Duration.ofSeconds(config.getLong(GatewayConfig.RATE_WINDOW_SECONDS)),
                config.getInt(GatewayConfig.MAX_CONNECTIONS_PER_CLIENT));
        this.verifier = verifier(config);
        this.requests = new RequestHandler(new RequestParser(config.getInt(GatewayConfig.MAX_FRAME_CHARS),
                config.getInt(GatewayConfig.MAX_SYMBOLS_PER_REQUEST)), limits, verifier, fanOut, feed, replayer,
                store, tokens, metrics);
        this.scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "gateway-housekeeping");
            t.setDaemon(true);
            return t;
        });
        // Batched connections' linger wake-ups, apart from housekeeping so that a long sweep never delays them.
        this.lingerTimer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "gateway-linger");
            t.setDaemon(true);
            return t;
        });
        metrics.gauges(connections::size, fanOut::subscriptionCount,
                () -> connections.stream().mapToInt(c -> c.outbound().depth()).sum());

        QueuedThreadPool threads = new QueuedThreadPool(64, 4);
        threads.setName("gateway-http");
        this.server = new Server(threads);
        String keystore = config.getString(GatewayConfig.TLS_KEYSTORE);
        if (keystore.isBlank()) {
            connector = new ServerConnector(server);
        } else {
            SslContextFactory.Server tls = new SslContextFactory.Server();
            tls.setKeyStorePath(keystore);
            tls.setKeyStorePassword(config.getPassword(GatewayConfig.TLS_KEYSTORE_PASSWORD).value());
            connector = new ServerConnector(server, tls);
        }
        connector.setPort(config.getInt(GatewayConfig.PORT));
        connector.setIdleTimeout(config.getLong(GatewayConfig.IDLE_TIMEOUT_MS));
        int sendBuffer = config.getInt(GatewayConfig.SOCKET_SEND_BUFFER);
        if (sendBuffer > 0) {
            connector.setAcceptedSendBufferSize(sendBuffer);
        }
        server.addConnector(connector);
        ContextHandler context = new ContextHandler("/");
        long maxFrame = config.getInt(GatewayConfig.MAX_FRAME_CHARS) * 16L;
        WebSocketUpgradeHandler ws = WebSocketUpgradeHandler.from(server, context, container -> {
            container.setMaxTextMessageSize(maxFrame);
            container.setMaxBinaryMessageSize(maxFrame);
            container.setIdleTimeout(Duration.ofMillis(config.getLong(GatewayConfig.IDLE_TIMEOUT_MS)));
            container.addMapping(WS_PATH, this::upgrade);
        });
        ResourceHandler page = new ResourceHandler();
        page.setBaseResource(ResourceFactory.of(server).newClassLoaderResource("io/atlas/gateway/page/"));
        page.setWelcomeFiles(List.of("index.html"));
        page.setDirAllowed(false);
        ws.setHandler(new JsonEndpoints(Map.of(
                HopsJson.PATH, () -> HopsJson.json(metrics.hops().window()),
                HitRateJson.PATH, () -> HitRateJson.json(hitRates.window())), page));
        context.setHandler(ws);
        server.setHandler(context);
    }

    private static TokenVerifier verifier(GatewayConfig config) {
        try {
            return switch (config.authMode()) {
                case NONE -> null;
                case HMAC -> TokenVerifier.hmac(config.getPassword(GatewayConfig.JWT_HMAC_SECRET).value());
                case JWKS -> TokenVerifier.jwks(config.getString(GatewayConfig.JWKS));
            };
        } catch (Exception e) {
            throw new org.apache.kafka.common.config.ConfigException(GatewayConfig.JWKS,
                    config.getString(GatewayConfig.JWKS), "cannot load the JWKS: " + e.getMessage());
        }
    }

    /** Starts reading predictions and serving; a second call does nothing. */
    public void start() throws Exception {
        if (!started.compareAndSet(false, true)) {
            return;
        }
        feed.start();
        outcomes.start();
        server.start();
        scheduler.scheduleWithFixedDelay(this::sweep, SWEEP_MS, SWEEP_MS, TimeUnit.MILLISECONDS);
        log.info("Gateway serving {}://0.0.0.0:{}{} (auth {})", config.getString(GatewayConfig.TLS_KEYSTORE).isBlank()
                ? "ws" : "wss", port(), WS_PATH, config.authMode());
    }

    public int port() {
        return connector.getLocalPort();
    }

    /** Ready once the last values are loaded and live reading began, and not draining. */
    public boolean ready() {
        return feed.ready() && !draining;
    }

    public boolean alive() {
        return feed.failure() == null;
    }

    public String status() {
        Throwable failure = feed.failure();
        if (failure != null) {
            return "prediction feed failed: " + failure;
        }
        String status = draining ? "draining" : feed.ready() ? connections.size() + " connections, "
                + fanOut.cache().size() + " symbols cached" : "loading last values";
        // Hit rates are a view for people, not needed to serve clients: reported, but the gateway stays alive.
        Throwable outcomesFailure = outcomes.failure();
        return outcomesFailure == null ? status : status + "; outcome feed failed: " + outcomesFailure;
    }

    RequestHandler requests() {
        return requests;
    }

    private Object upgrade(ServerUpgradeRequest request, ServerUpgradeResponse response, Callback callback) {
        String remote = Request.getRemoteAddr(request);
        if (draining) {
            return refuse(request, response, callback, 503, "draining", "gateway is shutting down");
        }
        String origin = request.getHeaders().get("Origin");
        if (origin != null && !originAllowed(origin, request)) {
            return refuse(request, response, callback, 403, "origin", "origin not allowed");
        }
        ClientIdentity identity;
        if (verifier == null) {
            identity = ClientIdentity.anonymous(remote, true);
        } else {
            String token = bearer(request);
            if (token == null) {
                identity = ClientIdentity.anonymous(remote, false);
            } else {
                try {
                    identity = verifier.verify(token);
                } catch (TokenVerifier.InvalidTokenException e) {
                    return refuse(request, response, callback, 401, e.expired() ? "token_expired" : "bad_token",
                            e.getMessage());
                }
            }
        }
        Batching batching;
        try {
            batching = Batching.fromQuery(firstValues(Request.extractQueryParameters(request)));
        } catch (Batching.BadBatchingException e) {
            return refuse(request, response, callback, 400, "bad_batching", e.getMessage());
        }
        if (!limits.tryConnect(identity.clientId())) {
            return refuse(request, response, callback, 429, "connection_limit",
                    "at most " + limits.maxConnections() + " connections per client");
        }
        // No permessage-deflate: it would compress every frame once per client, undoing encode-once.
        response.setExtensions(List.of());
        return new GatewayEndpoint(this, identity, remote, batching);
    }

    private static Map<String, String> firstValues(Fields query) {
        Map<String, String> values = new java.util.HashMap<>();
        for (Fields.Field field : query) {
            values.putIfAbsent(field.getName(), field.getValue());
        }
        return values;
    }

    private Object refuse(ServerUpgradeRequest request, ServerUpgradeResponse response, Callback callback,
                          int status, String code, String reason) {
        metrics.refused("upgrade_" + code);
        log.info("Refused WebSocket upgrade from {}: {} {}", Request.getRemoteAddr(request), status, reason);
        if (status == 401) {
            response.getHeaders().put("WWW-Authenticate", "Bearer error=\"invalid_token\", error_description=\""
                    + reason.replace('"', '\'') + "\"");
        }
        Response.writeError(request, response, callback, status, reason);
        return null;
    }

    private static String bearer(ServerUpgradeRequest request) {
        String header = request.getHeaders().get("Authorization");
        if (header != null && header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return header.substring(7).trim();
        }
        // Browsers cannot set headers on a WebSocket upgrade: they pass the token as a query parameter.
        Fields query = Request.extractQueryParameters(request);
        Fields.Field field = query.get("access_token");
        return field == null ? null : field.getValue();
    }

    private boolean originAllowed(String origin, ServerUpgradeRequest request) {
        List<String> allowed = config.allowedOrigins();
        if (allowed.contains("*") || allowed.contains(origin)) {
            return true;
        }
        try {
            URI uri = URI.create(origin);
            String host = request.getHeaders().get("Host");
            String authority = uri.getPort() < 0 ? uri.getHost() : uri.getHost() + ":" + uri.getPort();
            return host != null && host.equalsIgnoreCase(authority); // the gateway's own page
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    ClientConnection open(Session session, ClientIdentity identity, String remote, Batching batching) {
        String sessionId = tokens.newSessionId();
        JettySink sink = new JettySink(session, scheduler);
        Outbound outbound = new Outbound(sink, writers, metrics, config.getInt(GatewayConfig.QUEUE_CAPACITY),
                Math.max(1, feed.partitions()), batching, lingerTimer);
        ClientConnection connection = new ClientConnection(sessionId, identity, sink, outbound, remote);
        connections.add(connection);
        fanOut.submit(() -> fanOut.connect(connection));
        outbound.control(ServerFrames.welcome(tokens.tokenFor(sessionId), config.getLong(GatewayConfig.HEARTBEAT_MS),
                identity.authenticated()));
        return connection;
    }

    void closed(ClientConnection connection, int code) {
        if (!connections.remove(connection)) {
            return;
        }
        Integer ours = serverCloses.remove(connection);
        metrics.closed(ours != null ? ours : code);
        limits.disconnected(connection.identity().clientId());
        requests.forget(connection);
        connection.outbound().shutdown();
        fanOut.submit(() -> fanOut.disconnect(connection));
        // The close can be read before the last frame's completion is told: save once it is.
        connection.outbound().whenSettled(() -> save(connection));
        if (connections.isEmpty()) {
            synchronized (connections) {
                connections.notifyAll();
            }
        }
    }

    private void closeWith(ClientConnection connection, int code, String reason) {
        if (serverCloses.putIfAbsent(connection, code) == null) {
            log.info("Closing {} with {}: {}", connection, code, reason);
            save(connection);
            connection.close(code, reason);
        }
    }

    private void save(ClientConnection connection) {
        try {
            SessionState state = connection.stateIfChanged();
            if (state != null && !state.subscriptions().isEmpty()) {
                store.save(connection.sessionId(), state);
            }
        } catch (RuntimeException e) {
            log.warn("Could not save the session of {}", connection, e);
        }
    }

    private void sweep() {
        try {
            long now = System.currentTimeMillis();
            long nanos = System.nanoTime();
            long slow = TimeUnit.MILLISECONDS.toNanos(config.getLong(GatewayConfig.SLOW_CONSUMER_MS));
            long authTimeout = TimeUnit.MILLISECONDS.toNanos(config.getLong(GatewayConfig.AUTH_TIMEOUT_MS));
            boolean heartbeat = now - lastHeartbeatMillis >= config.getLong(GatewayConfig.HEARTBEAT_MS);
            boolean saveNow = now - lastSaveMillis >= config.getLong(GatewayConfig.SESSION_SAVE_MS);
            String beat = ServerFrames.heartbeat(now);
            for (ClientConnection c : connections) {
                if (c.outbound().fullForNanos(nanos) > slow) {
                    closeWith(c, CloseCodes.SLOW_CONSUMER, "slow consumer: outbound queue full for over "
                            + config.getLong(GatewayConfig.SLOW_CONSUMER_MS) + " ms");
                    continue;
                }
                ClientIdentity id = c.identity();
                if (id.expiresAtMillis() > 0 && now > id.expiresAtMillis()) {
                    closeWith(c, CloseCodes.TOKEN_EXPIRED, "token expired; reconnect with a fresh token");
                    continue;
                }
                if (!id.authenticated() && nanos - c.openedAtNanos() > authTimeout) {
                    closeWith(c, CloseCodes.AUTH_TIMEOUT, "no valid auth request in time");
                    continue;
                }
                if (heartbeat) {
                    c.outbound().control(beat);
                }
                if (saveNow) {
                    save(c);
                }
            }
            if (heartbeat) {
                lastHeartbeatMillis = now;
            }
            if (saveNow) {
                lastSaveMillis = now;
            }
        } catch (RuntimeException e) {
            log.error("Housekeeping failed", e);
        }
    }

    /** Waits until every client has gone (each close notifies), or the drain time is up. */
    private void awaitNoConnections(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (connections) {
            long left;
            while (!connections.isEmpty() && (left = deadline - System.nanoTime()) > 0) {
                try {
                    TimeUnit.NANOSECONDS.timedWait(connections, left);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    /** Drains (1001 Going Away to every client, sessions saved), then stops everything; idempotent. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        draining = true;
        log.info("Draining {} connections", connections.size());
        for (ClientConnection c : connections) {
            closeWith(c, CloseCodes.GOING_AWAY, "gateway going away: reconnect and resume");
        }
        awaitNoConnections(Duration.ofMillis(config.getLong(GatewayConfig.DRAIN_MS)));
        try {
            server.stop();
        } catch (Exception e) {
            log.warn("Jetty did not stop cleanly", e);
        }
        // The fan-out thread first: it hands work to the writers, so they stop after it.
        feed.close();
        outcomes.close();
        scheduler.shutdownNow();
        lingerTimer.shutdownNow();
        writers.shutdownNow();
        replayer.close();
        store.close();
    }
}
