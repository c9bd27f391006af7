package io.atlas.gateway.server;

import io.atlas.ops.Health;
import io.atlas.ops.OpsServer;
import io.atlas.ops.ServiceMetrics;
import io.atlas.ops.trace.Tracing;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.CountDownLatch;

/**
 * Starts the gateway from environment variables ({@link GatewayConfig}): the WebSocket server and live page on
 * {@code ATLAS_GATEWAY_PORT}, health and metrics on {@code ATLAS_HTTP_PORT}. SIGTERM drains (1001 to every client).
 */
public final class GatewayMain {

    private static final Logger log = LoggerFactory.getLogger(GatewayMain.class);

    private GatewayMain() {
    }

    public static void main(String[] args) throws Exception {
        GatewayConfig config = new GatewayConfig(System.getenv());
        ServiceMetrics metrics = new ServiceMetrics("ws-gateway");
        Tracing tracing = Tracing.start("ws-gateway", config.traceSettings());
        Gateway gateway = new Gateway(config, metrics.registry(), tracing);
        gateway.start();
        OpsServer ops = OpsServer.start(config.getInt(OpsServer.PORT), metrics.registry(),
                () -> gateway.alive() ? Health.up(gateway.status()) : Health.down(gateway.status()),
                () -> gateway.ready() ? Health.up(gateway.status()) : Health.down(gateway.status()));
        log.info("Live page at http://127.0.0.1:{}/", gateway.port());
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            gateway.close();
            tracing.close();
            ops.close();
            metrics.close();
            stopped.countDown();
        }, "gateway-shutdown"));
        stopped.await();
    }
}
