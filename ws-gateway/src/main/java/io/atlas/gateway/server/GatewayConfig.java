package io.atlas.gateway.server;

import io.atlas.ops.EnvConfig;
import io.atlas.ops.KafkaConnection;
import io.atlas.ops.OpsServer;
import io.atlas.ops.trace.TraceSettings;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Range;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigException;

import java.util.List;
import java.util.Map;

/** The gateway's settings, each an environment variable declared once here and checked at start. */
public final class GatewayConfig extends EnvConfig {

    public static final String PORT = "ATLAS_GATEWAY_PORT";
    public static final String REDIS_URL = "ATLAS_GATEWAY_REDIS_URL";
    public static final String AUTH = "ATLAS_GATEWAY_AUTH";
    public static final String JWT_HMAC_SECRET = "ATLAS_GATEWAY_JWT_HMAC_SECRET";
    public static final String JWKS = "ATLAS_GATEWAY_JWKS";
    public static final String RESUME_SECRET = "ATLAS_GATEWAY_RESUME_SECRET";
    public static final String ALLOWED_ORIGINS = "ATLAS_GATEWAY_ALLOWED_ORIGINS";
    public static final String TLS_KEYSTORE = "ATLAS_GATEWAY_TLS_KEYSTORE";
    public static final String TLS_KEYSTORE_PASSWORD = "ATLAS_GATEWAY_TLS_KEYSTORE_PASSWORD";
    public static final String MAX_FRAME_CHARS = "ATLAS_GATEWAY_MAX_FRAME_CHARS";
    public static final String MAX_SYMBOLS_PER_REQUEST = "ATLAS_GATEWAY_MAX_SYMBOLS_PER_REQUEST";
    public static final String MAX_SUBSCRIPTIONS = "ATLAS_GATEWAY_MAX_SUBSCRIPTIONS";
    public static final String MAX_CONNECTIONS_PER_CLIENT = "ATLAS_GATEWAY_MAX_CONNECTIONS_PER_CLIENT";
    public static final String RATE_LIMIT = "ATLAS_GATEWAY_RATE_LIMIT";
    public static final String RATE_WINDOW_SECONDS = "ATLAS_GATEWAY_RATE_WINDOW_SECONDS";
    public static final String QUEUE_CAPACITY = "ATLAS_GATEWAY_QUEUE_CAPACITY";
    public static final String SLOW_CONSUMER_MS = "ATLAS_GATEWAY_SLOW_CONSUMER_MS";
    public static final String HEARTBEAT_MS = "ATLAS_GATEWAY_HEARTBEAT_MS";
    public static final String IDLE_TIMEOUT_MS = "ATLAS_GATEWAY_IDLE_TIMEOUT_MS";
    public static final String AUTH_TIMEOUT_MS = "ATLAS_GATEWAY_AUTH_TIMEOUT_MS";
    public static final String SOCKET_SEND_BUFFER = "ATLAS_GATEWAY_SOCKET_SEND_BUFFER";
    public static final String FETCH_WAIT_MS = "ATLAS_GATEWAY_FETCH_WAIT_MS";
    public static final String LAST_VALUE_LAG_MS = "ATLAS_GATEWAY_LAST_VALUE_LAG_MS";
    public static final String SESSION_TTL_SECONDS = "ATLAS_GATEWAY_SESSION_TTL_SECONDS";
    public static final String SESSION_SAVE_MS = "ATLAS_GATEWAY_SESSION_SAVE_MS";
    public static final String DRAIN_MS = "ATLAS_GATEWAY_DRAIN_MS";

    /** How clients authenticate. */
    public enum AuthMode { NONE, HMAC, JWKS }

    public static final ConfigDef DEFINITION = definition();

    private static ConfigDef definition() {
        ConfigDef def = new ConfigDef();
        KafkaConnection.define(def);
        OpsServer.define(def);
        TraceSettings.define(def);
        return def
                .define(PORT, Type.INT, 8088, Range.between(0, 65535), Importance.HIGH,
                        "Port of the WebSocket endpoint (/ws) and the live page (/). 0 picks a free port.")
                .define(REDIS_URL, Type.STRING, "", Importance.HIGH,
                        "Redis URL of the shared session store, e.g. redis://127.0.0.1:6379. Empty: sessions are kept "
                                + "in memory and resume works only on the same replica.")
                .define(AUTH, Type.STRING, "jwt", ConfigDef.ValidString.in("jwt", "none"), Importance.HIGH,
                        "jwt: every client needs a valid JWT (HMAC secret or JWKS below); none: no authentication, "
                                + "for a local run only.")
                .define(JWT_HMAC_SECRET, Type.PASSWORD, "", Importance.HIGH,
                        "Shared secret (at least 32 bytes) for HS256 tokens. Set this or the JWKS location.")
                .define(JWKS, Type.STRING, "", Importance.HIGH,
                        "JWKS file path or http(s) URL holding the RSA keys for RS256 tokens.")
                .define(RESUME_SECRET, Type.PASSWORD, "", Importance.HIGH,
                        "Secret signing resume tokens; all replicas must share it. Empty: a random one per process "
                                + "(resume then only works on this replica).")
                .define(ALLOWED_ORIGINS, Type.LIST, "", Importance.MEDIUM,
                        "Origins allowed to open WebSockets, e.g. https://app.example.com; * allows any. Empty: only "
                                + "the gateway's own page and clients that send no Origin (non-browsers).")
                .define(TLS_KEYSTORE, Type.STRING, "", Importance.MEDIUM,
                        "PKCS12 keystore path: when set, the gateway serves wss:// and https:// only.")
                .define(TLS_KEYSTORE_PASSWORD, Type.PASSWORD, "", Importance.MEDIUM, "Password of the keystore.")
                .define(MAX_FRAME_CHARS, Type.INT, 4096, Range.between(256, 1 << 20), Importance.MEDIUM,
                        "Longest client request, in characters; longer ones get FRAME_TOO_LARGE (and frames over "
                                + "16 times this close the connection with 1009).")
                .define(MAX_SYMBOLS_PER_REQUEST, Type.INT, 1000, Range.atLeast(1), Importance.MEDIUM,
                        "Most symbols plus patterns in one subscribe.")
                .define(MAX_SUBSCRIPTIONS, Type.INT, 64, Range.atLeast(1), Importance.MEDIUM,
                        "Most subscriptions one connection holds.")
                .define(MAX_CONNECTIONS_PER_CLIENT, Type.INT, 16, Range.atLeast(1), Importance.MEDIUM,
                        "Most concurrent connections per client (token subject, or remote address without auth).")
                .define(RATE_LIMIT, Type.LONG, 1000L, Range.atLeast(1), Importance.MEDIUM,
                        "Requests a client may send per rate window.")
                .define(RATE_WINDOW_SECONDS, Type.LONG, 900L, Range.atLeast(1), Importance.MEDIUM,
                        "Length of the rate window, seconds (900 = 15 minutes).")
                .define(QUEUE_CAPACITY, Type.INT, 1024, Range.atLeast(4), Importance.MEDIUM,
                        "Frames a connection's outbound queue holds before updates of the same symbol are conflated.")
                .define(SLOW_CONSUMER_MS, Type.LONG, 10_000L, Range.atLeast(100), Importance.MEDIUM,
                        "How long a connection's queue may stay full before it is closed with 4000.")
                .define(HEARTBEAT_MS, Type.LONG, 15_000L, Range.atLeast(100), Importance.MEDIUM,
                        "Period of heartbeat frames.")
                .define(IDLE_TIMEOUT_MS, Type.LONG, 120_000L, Range.atLeast(1000), Importance.LOW,
                        "Connections with no traffic either way for this long are closed by Jetty.")
                .define(AUTH_TIMEOUT_MS, Type.LONG, 10_000L, Range.atLeast(100), Importance.LOW,
                        "How long a connection opened without a token has to send an auth request (else 4002).")
                .define(SOCKET_SEND_BUFFER, Type.INT, 0, Range.atLeast(0), Importance.LOW,
                        "SO_SNDBUF of accepted sockets in bytes; 0 leaves the OS default (bounds kernel memory per "
                                + "connection, and how much a stalled client can absorb before conflation starts).")
                .define(FETCH_WAIT_MS, Type.INT, 5, Range.between(0, 500), Importance.LOW,
                        "How long the broker may hold a fetch of live predictions until 64 KiB are there: fewer, "
                                + "fuller fetches cost the gateway and the broker less CPU, for up to this much "
                                + "added latency. 0: answered as soon as any record is there.")
                .define(LAST_VALUE_LAG_MS, Type.LONG, 250L, Range.between(0, 60_000), Importance.LOW,
                        "How long after fixing where live reading starts the gateway waits before reading the "
                                + "last-value topic to its end: at least the scorer's commit interval, by which a "
                                + "last value trails its prediction under at_least_once, so no symbol's last value "
                                + "falls between the snapshot and the live stream.")
                .define(SESSION_TTL_SECONDS, Type.LONG, 3600L, Range.atLeast(1), Importance.LOW,
                        "How long a session can be resumed after its last save.")
                .define(SESSION_SAVE_MS, Type.LONG, 1000L, Range.atLeast(10), Importance.LOW,
                        "How often changed sessions are saved to the store.")
                .define(DRAIN_MS, Type.LONG, 2000L, Range.atLeast(0), Importance.LOW,
                        "On shutdown, time given to clients to receive the 1001 close before the server stops.");
    }

    public GatewayConfig(Map<String, String> env) {
        super(DEFINITION, env);
        if (authMode() != AuthMode.NONE && getPassword(JWT_HMAC_SECRET).value().isEmpty()
                && getString(JWKS).isEmpty()) {
            throw new ConfigException(AUTH, "jwt", "set " + JWT_HMAC_SECRET + " or " + JWKS
                    + " (or " + AUTH + "=none for a local run)");
        }
        if (!getPassword(JWT_HMAC_SECRET).value().isEmpty() && getPassword(JWT_HMAC_SECRET).value().length() < 32) {
            throw new ConfigException(JWT_HMAC_SECRET, "(hidden)", "must be at least 32 characters");
        }
    }

    public TraceSettings traceSettings() {
        return TraceSettings.from(this);
    }

    public AuthMode authMode() {
        if ("none".equals(getString(AUTH))) {
            return AuthMode.NONE;
        }
        return getPassword(JWT_HMAC_SECRET).value().isEmpty() ? AuthMode.JWKS : AuthMode.HMAC;
    }

    public List<String> allowedOrigins() {
        return getList(ALLOWED_ORIGINS);
    }


}
