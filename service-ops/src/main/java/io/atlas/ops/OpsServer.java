package io.atlas.ops;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * The HTTP port every Atlas service opens for operations, apart from its traffic: {@value #LIVENESS} and
 * {@value #READINESS} for Kubernetes probes and the launcher (200 when up, 503 otherwise, with the check's detail
 * as a small JSON body) and {@value #METRICS} for Prometheus. It runs on the JDK's own HTTP server, so a service
 * needs no web framework to be observable.
 */
public final class OpsServer implements AutoCloseable {

    public static final String PORT = "ATLAS_HTTP_PORT";
    public static final String LIVENESS = "/health/live";
    public static final String READINESS = "/health/ready";
    public static final String METRICS = "/metrics";

    private static final Logger log = LoggerFactory.getLogger(OpsServer.class);
    private static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";

    private final HttpServer server;
    private final ExecutorService executor;
    private final AtomicBoolean closed = new AtomicBoolean();

    private OpsServer(HttpServer server, ExecutorService executor) {
        this.server = server;
        this.executor = executor;
    }

    /** Declares {@value #PORT} on {@code definition}. */
    public static ConfigDef define(ConfigDef definition) {
        return definition.define(PORT, Type.INT, 8080, ConfigDef.Range.between(0, 65535), Importance.MEDIUM,
                "Port of the service's health (" + LIVENESS + ", " + READINESS + ") and Prometheus (" + METRICS
                        + ") endpoints. 0 picks a free port.");
    }

    /**
     * Starts serving on all interfaces.
     *
     * @param port      the port; 0 picks a free one (see {@link #port()})
     * @param metrics   the registry {@value #METRICS} scrapes
     * @param liveness  whether the process works at all (a failed stream thread, a dead consumer)
     * @param readiness whether it should get traffic (caught up, model loaded)
     */
    public static OpsServer start(int port, PrometheusMeterRegistry metrics, Supplier<Health> liveness,
                                  Supplier<Health> readiness) {
        AtomicInteger threads = new AtomicInteger();
        ExecutorService executor = Executors.newFixedThreadPool(2, task -> {
            Thread thread = new Thread(task, "ops-http-" + threads.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(port), 0);
            server.setExecutor(executor);
            server.createContext(LIVENESS, exchange -> respondHealth(exchange, liveness));
            server.createContext(READINESS, exchange -> respondHealth(exchange, readiness));
            server.createContext(METRICS, exchange -> {
                if (allowGet(exchange)) {
                    respond(exchange, 200, PROMETHEUS_TEXT, metrics.scrape());
                }
            });
            server.createContext("/", exchange -> respond(exchange, 404, "text/plain; charset=utf-8", "not found\n"));
            server.start();
            log.info("Health and metrics on port {}", server.getAddress().getPort());
            return new OpsServer(server, executor);
        } catch (IOException e) {
            executor.shutdownNow();
            throw new UncheckedIOException("Cannot open the health and metrics port " + port, e);
        }
    }

    public int port() {
        return server.getAddress().getPort();
    }

    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            server.stop(0);
            executor.shutdownNow();
        }
    }

    private static void respondHealth(HttpExchange exchange, Supplier<Health> check) throws IOException {
        if (!allowGet(exchange)) {
            return;
        }
        Health health;
        try {
            health = check.get();
        } catch (RuntimeException e) {
            health = Health.down("check failed: " + e);
        }
        String body = "{\"status\":\"" + (health.up() ? "UP" : "DOWN") + "\",\"detail\":\""
                + jsonEscape(health.detail()) + "\"}\n";
        respond(exchange, health.up() ? 200 : 503, "application/json", body);
    }

    private static boolean allowGet(HttpExchange exchange) throws IOException {
        String method = exchange.getRequestMethod();
        if ("GET".equals(method) || "HEAD".equals(method)) {
            return true;
        }
        exchange.getResponseHeaders().set("Allow", "GET, HEAD");
        respond(exchange, 405, "text/plain; charset=utf-8", "method not allowed\n");
        return false;
    }

    private static void respond(HttpExchange exchange, int status, String contentType, String body)
            throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", contentType);
        boolean head = "HEAD".equals(exchange.getRequestMethod());
        exchange.sendResponseHeaders(status, head ? -1 : bytes.length);
        if (!head) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        }
        exchange.close();
    }

    private static String jsonEscape(String text) {
        StringBuilder escaped = new StringBuilder(text.length());
        for (char c : text.toCharArray()) {
            switch (c) {
                case '"' -> escaped.append("\\\"");
                case '\\' -> escaped.append("\\\\");
                default -> {
                    if (c < 0x20) {
                        escaped.append(String.format("\\u%04x", (int) c));
                    } else {
                        escaped.append(c);
                    }
                }
            }
        }
        return escaped.toString();
    }
}
