package io.atlas.gateway.server;

import io.atlas.gateway.session.FrameSink;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;
import org.eclipse.jetty.websocket.common.WebSocketSession;
import org.eclipse.jetty.websocket.core.Frame;
import org.eclipse.jetty.websocket.core.OpCode;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/** Frames to a Jetty WebSocket session; a close that cannot be flushed (stalled client) ends in a disconnect. */
final class JettySink implements FrameSink {

    private final Session session;
    private final ScheduledExecutorService scheduler;

    JettySink(Session session, ScheduledExecutorService scheduler) {
        this.session = session;
        this.scheduler = scheduler;
    }

    @Override
    public void sendText(String text, Callback callback) {
        session.sendText(text, callback);
    }

    @Override
    public void sendUtf8(byte[] utf8, boolean batch, Callback callback) {
        if (session instanceof WebSocketSession jetty) {
            jetty.getCoreSession().sendFrame(new Frame(OpCode.TEXT, ByteBuffer.wrap(utf8)),
                    org.eclipse.jetty.util.Callback.from(callback::succeed, callback::fail), batch);
        } else {
            session.sendText(new String(utf8, StandardCharsets.UTF_8), callback);
        }
    }

    @Override
    public void close(int code, String reason) {
        session.close(code, reason, Callback.NOOP);
        // A client that stopped reading never takes the close frame: cut the TCP connection after a grace period.
        scheduler.schedule(() -> {
            if (session.isOpen()) {
                session.disconnect();
            }
        }, 2, TimeUnit.SECONDS);
    }
}
