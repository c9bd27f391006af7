package io.atlas.gateway.server;

import io.atlas.gateway.protocol.Batching;
import io.atlas.gateway.protocol.ErrorCode;
import io.atlas.gateway.protocol.ServerFrames;
import io.atlas.gateway.session.ClientConnection;
import io.atlas.gateway.session.ClientIdentity;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.ByteBuffer;

/**
 * The Jetty endpoint of one client connection: registers it, hands each text frame to the {@link RequestHandler}
 * and demands the next frame only after handling this one (explicit demand, so a flood of requests is read no
 * faster than it is handled).
 */
public final class GatewayEndpoint implements Session.Listener {

    private static final Logger log = LoggerFactory.getLogger(GatewayEndpoint.class);

    private final Gateway gateway;
    private final ClientIdentity identity;
    private final String remote;
    private final Batching batching;
    private volatile Session session;
    private volatile ClientConnection connection;

    /** @param batching what the client asked for at connect, or null for one data frame per update */
    GatewayEndpoint(Gateway gateway, ClientIdentity identity, String remote, Batching batching) {
        this.gateway = gateway;
        this.identity = identity;
        this.remote = remote;
        this.batching = batching;
    }

    @Override
    public void onWebSocketOpen(Session session) {
        this.session = session;
        this.connection = gateway.open(session, identity, remote, batching);
        session.demand();
    }

    @Override
    public void onWebSocketText(String text) {
        try {
            gateway.requests().handle(connection, text);
        } catch (RuntimeException e) {
            log.error("Request handling failed for {}", connection, e);
            connection.outbound().control(ServerFrames.error(null, ErrorCode.INTERNAL, "internal error"));
        }
        session.demand();
    }

    @Override
    public void onWebSocketBinary(ByteBuffer payload, Callback callback) {
        callback.succeed();
        gateway.requests().refuse(connection, null, ErrorCode.BINARY_NOT_SUPPORTED,
                "binary frames are not part of the protocol; send JSON text frames");
        session.demand();
    }

    @Override
    public void onWebSocketClose(int statusCode, String reason) {
        ClientConnection c = connection;
        if (c != null) {
            gateway.closed(c, statusCode);
        }
    }

    @Override
    public void onWebSocketError(Throwable cause) {
        log.debug("WebSocket error on {}: {}", connection, cause.toString());
    }
}
