package io.atlas.gateway.server;

import io.atlas.gateway.auth.ClientLimits;
import io.atlas.gateway.auth.TokenVerifier;
import io.atlas.gateway.fanout.FanOut;
import io.atlas.gateway.fanout.PredictionFeed;
import io.atlas.gateway.fanout.Replayer;
import io.atlas.gateway.ops.GatewayMetrics;
import io.atlas.gateway.protocol.CloseCodes;
import io.atlas.gateway.protocol.ErrorCode;
import io.atlas.gateway.protocol.ProtocolException;
import io.atlas.gateway.protocol.Request;
import io.atlas.gateway.protocol.RequestParser;
import io.atlas.gateway.protocol.ServerFrames;
import io.atlas.gateway.protocol.SymbolPattern;
import io.atlas.gateway.session.ClientConnection;
import io.atlas.gateway.session.ClientIdentity;
import io.atlas.gateway.session.ResumeTokens;
import io.atlas.gateway.session.SessionState;
import io.atlas.gateway.session.SessionStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Answers one client request: checks the rate limit, parses, checks authentication and the token's symbol claim, and
 * hands subscription changes to the fan-out thread. Every refusal is an error frame, logged and counted.
 */
final class RequestHandler {

    private static final Logger log = LoggerFactory.getLogger(RequestHandler.class);
    /** Requests refused for rate in a row before the connection is closed with 4003. */
    static final int RATE_LIMITED_BEFORE_CLOSE = 50;

    private final RequestParser parser;
    private final ClientLimits limits;
    private final TokenVerifier verifier;
    private final FanOut fanOut;
    private final PredictionFeed feed;
    private final Replayer replayer;
    private final SessionStore store;
    private final ResumeTokens tokens;
    private final GatewayMetrics metrics;
    private final Map<ClientConnection, Integer> rateLimitedInARow = new java.util.concurrent.ConcurrentHashMap<>();

    RequestHandler(RequestParser parser, ClientLimits limits, TokenVerifier verifier, FanOut fanOut,
                   PredictionFeed feed, Replayer replayer, SessionStore store, ResumeTokens tokens,
                   GatewayMetrics metrics) {
        this.parser = parser;
        this.limits = limits;
        this.verifier = verifier;
        this.fanOut = fanOut;
        this.feed = feed;
        this.replayer = replayer;
        this.store = store;
        this.tokens = tokens;
        this.metrics = metrics;
    }

    void handle(ClientConnection connection, String text) {
        if (!limits.tryRequest(connection.identity().clientId())) {
            refuse(connection, null, ErrorCode.RATE_LIMITED, "request rate limit reached; retry later");
            if (rateLimitedInARow.merge(connection, 1, Integer::sum) >= RATE_LIMITED_BEFORE_CLOSE) {
                connection.close(CloseCodes.RATE_LIMITED, "kept sending while rate limited");
            }
            return;
        }
        rateLimitedInARow.remove(connection);
        Request request;
        try {
            request = parser.parse(text);
            handle(connection, request);
        } catch (ProtocolException e) {
            refuse(connection, e.requestId(), e.code(), e.reason());
        }
    }

    void forget(ClientConnection connection) {
        rateLimitedInARow.remove(connection);
    }

    private void handle(ClientConnection connection, Request request) throws ProtocolException {
        ClientIdentity identity = connection.identity();
        if (request instanceof Request.Ping ping) {
            connection.outbound().control(ServerFrames.ack(ping.id(), Map.of("time", System.currentTimeMillis())));
        } else if (request instanceof Request.Auth auth) {
            authenticate(connection, auth);
        } else if (request instanceof Request.Subscribe sub) {
            requireAuthenticated(identity, sub.id());
            for (SymbolPattern pattern : sub.patterns()) {
                if (!identity.allows(pattern)) {
                    throw new ProtocolException(ErrorCode.FORBIDDEN_SYMBOL, sub.id(),
                            "'" + pattern + "' is outside the symbols your token allows");
                }
            }
            fanOut.submit(() -> fanOut.subscribe(connection, sub));
        } else if (request instanceof Request.Unsubscribe unsub) {
            requireAuthenticated(identity, unsub.id());
            fanOut.submit(() -> fanOut.unsubscribe(connection, unsub.id(), unsub.subscription()));
        } else if (request instanceof Request.Resume resume) {
            resume(connection, resume);
        }
    }

    private static void requireAuthenticated(ClientIdentity identity, String id) throws ProtocolException {
        if (!identity.authenticated()) {
            throw new ProtocolException(ErrorCode.AUTH_REQUIRED, id, "send an auth request with a valid token first");
        }
    }

    private void authenticate(ClientConnection connection, Request.Auth auth) throws ProtocolException {
        if (verifier == null) {
            connection.outbound().control(ServerFrames.ack(auth.id(), Map.of("expiresAt", 0)));
            return;
        }
        ClientIdentity fresh;
        try {
            fresh = verifier.verify(auth.token());
        } catch (TokenVerifier.InvalidTokenException e) {
            throw new ProtocolException(ErrorCode.BAD_TOKEN, auth.id(), e.getMessage());
        }
        ClientIdentity current = connection.identity();
        if (current.authenticated() && current.expiresAtMillis() > 0
                && !current.clientId().equals(fresh.clientId())) {
            throw new ProtocolException(ErrorCode.BAD_TOKEN, auth.id(), "the token is for another client");
        }
        connection.identity(fresh);
        connection.outbound().control(ServerFrames.ack(auth.id(), Map.of("expiresAt", fresh.expiresAtMillis())));
    }

    private void resume(ClientConnection connection, Request.Resume resume) throws ProtocolException {
        ClientIdentity identity = connection.identity();
        requireAuthenticated(identity, resume.id());
        String sessionId = tokens.sessionIdOf(resume.token());
        if (sessionId == null) {
            throw new ProtocolException(ErrorCode.BAD_RESUME_TOKEN, resume.id(), "resume token is malformed or forged");
        }
        Optional<SessionState> stored;
        try {
            stored = store.load(sessionId);
        } catch (RuntimeException e) {
            log.warn("Session store failed loading a session for {}", connection, e);
            throw new ProtocolException(ErrorCode.INTERNAL, resume.id(), "session store unavailable; retry");
        }
        if (stored.isEmpty()) {
            throw new ProtocolException(ErrorCode.BAD_RESUME_TOKEN, resume.id(), "session unknown or expired");
        }
        SessionState state = stored.get();
        for (Request.Subscribe sub : state.subscriptions()) {
            for (SymbolPattern pattern : sub.patterns()) {
                if (!identity.allows(pattern)) {
                    throw new ProtocolException(ErrorCode.FORBIDDEN_SYMBOL, resume.id(),
                            "'" + pattern + "' is outside the symbols your token allows");
                }
            }
        }
        Map<Integer, Long> positions = new HashMap<>(state.positions());
        positions.putAll(resume.positions()); // the client's own are exact; the stored ones may lag a save period
        List<Request.Subscribe> subs = state.subscriptions();
        connection.adoptSession(sessionId);
        fanOut.submit(() -> fanOut.beginResume(connection, subs, () -> {
            Map<Integer, Long> upTo = feed.dispatchedUpTo();
            connection.outbound().control(ServerFrames.ack(resume.id(), Map.of("token", tokens.tokenFor(sessionId),
                    "subscriptions", subs.size())));
            replayer.replay(connection, subs, positions, upTo, outcome -> fanOut.submit(() -> {
                Map<String, Object> done = new LinkedHashMap<>();
                done.put("replayed", outcome.replayed());
                done.put("snapshot", outcome.snapshotted());
                done.put("snapshotPartitions", outcome.snapshotPartitions().size());
                fanOut.endResume(connection, ServerFrames.resumed(resume.id(), done));
            }));
        }));
    }

    void refuse(ClientConnection connection, String id, ErrorCode code, String reason) {
        metrics.refused(code.name());
        log.info("Refused request {} from {}: {} {}", id, connection, code, reason);
        connection.outbound().control(ServerFrames.error(id, code, reason));
    }
}
