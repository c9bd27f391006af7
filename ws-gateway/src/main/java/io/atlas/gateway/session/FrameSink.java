package io.atlas.gateway.session;

import org.eclipse.jetty.websocket.api.Callback;

/** Where a connection's frames go: a Jetty WebSocket session in production, a recorder in unit tests. */
public interface FrameSink {

    /** Writes one text frame asynchronously; {@code callback} completes when it is written or failed. */
    void sendText(String text, Callback callback);

    /**
     * Writes one text frame given as UTF-8 bytes (shared between connections: the sink must not modify them).
     *
     * @param batch true when more frames follow at once: the transport may gather them into one write
     */
    void sendUtf8(byte[] utf8, boolean batch, Callback callback);

    /** Closes the connection with {@code code} and {@code reason}. */
    void close(int code, String reason);
}
