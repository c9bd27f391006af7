package io.atlas.local.launch;

import io.atlas.catalog.Applications;
import io.atlas.ops.OpsServer;

import java.util.List;
import java.util.Map;

/**
 * The services {@code ./atlas up} starts after the broker, in this order, each in its own JVM.
 *
 * <p>Which module and main class run an application comes from the catalog ({@link Applications}), as for the
 * Kubernetes workloads; this list adds only what differs on a laptop: heap, arguments and environment. The launcher
 * passes each service {@code ATLAS_KAFKA_BOOTSTRAP} (and {@code ATLAS_KAFKA_CLIENT_CONFIG} when set) and the HTTP port
 * for health and metrics in {@code ATLAS_HTTP_PORT}, and waits for its readiness path to answer 200 before the next.
 */
final class AtlasServices {

    /** The gateway's WebSocket endpoint, as its protocol documents it (ws-gateway's {@code Gateway.WS_PATH}). */
    static final String GATEWAY_WEBSOCKET_PATH = "/ws";

    /**
     * Connections and requests one client may have at the local gateway. Without authentication every local client
     * is the same client (127.0.0.1), so the production defaults (16 connections, 1,000 requests per 15 minutes)
     * would stop a load generator (./atlas loadgen) after 16 connections.
     */
    static final String LOCAL_CONNECTIONS_PER_CLIENT = "25000";
    static final String LOCAL_REQUESTS_PER_WINDOW = "100000000";

    /** Where ingest-cdc's embedded PostgreSQL listens (ingest's {@code CdcConfig.PG_EMBEDDED_PORT}). */
    static final String EMBEDDED_POSTGRES_PORT = "ATLAS_PG_EMBEDDED_PORT";

    /**
     * The simulator's planted signal, k and m (ingest's {@code --signal-strength} and {@code --move-probability}, their
     * defaults), given to the simulator and to the scorer alike: the scorer judges the known optimum beside every
     * model from them (inference-stream's {@code ATLAS_INFERENCE_SIMULATED_*}), so they must be the simulator's own.
     */
    static final String SIGNAL_STRENGTH = "2.0";
    static final String MOVE_PROBABILITY = "0.5";
    static final String SCORER_SIGNAL_STRENGTH = "ATLAS_INFERENCE_SIMULATED_SIGNAL_STRENGTH";
    static final String SCORER_MOVE_PROBABILITY = "ATLAS_INFERENCE_SIMULATED_MOVE_PROBABILITY";

    /** The analytics sink's main class (module connect/), which this module cannot name by its class. */
    static final String ANALYTICS_SINK_MAIN = "io.atlas.connect.sink.AnalyticsSink";

    private AtlasServices() {
    }

    /**
     * The analytics sink ({@code ./atlas up --sink}): a Kafka Connect worker writing predictions and outcomes into
     * PostgreSQL, by default the local one at 127.0.0.1:5432 (database and role atlas, schema analytics) that
     * {@code ./atlas test} prepares; its {@code ATLAS_SINK_*} variables pass through from the launcher's environment.
     */
    static ServiceSpec analyticsSink() {
        return new ServiceSpec("analytics-sink", "connect", ANALYTICS_SINK_MAIN, List.of(), OpsServer.READINESS,
                "384m", Map.of(), "", "");
    }

    /**
     * The JDBC URL of ingest-cdc's embedded PostgreSQL on {@code port}: it serves database {@code atlas} to role
     * {@code atlas} (password {@code atlas}), the defaults of every {@code ATLAS_PG_*} setting but the URL.
     */
    static String postgresUrl(int port) {
        return "jdbc:postgresql://127.0.0.1:" + port + "/atlas";
    }

    static List<ServiceSpec> all() {
        return List.of(
                // CDC first: an embedded PostgreSQL (no system one needed) on the port the launcher records in
                // .run/postgres, seeded with the simulator's 500 instruments, streamed into atlas.instruments and
                // atlas.model-releases; it also releases the model the scorer proposes at first start.
                ServiceSpec.of(Applications.INGEST_CDC, List.of(), "384m",
                        Map.of("ATLAS_PG_EMBEDDED", "true", "ATLAS_CDC_SEED_INSTRUMENTS", "500")),
                // The validating edge for outside producers: JSON on atlas.ticks.raw (e.g. from kcat) into atlas.ticks.
                ServiceSpec.of(Applications.INGEST_BRIDGE, List.of(), "256m", Map.of("ATLAS_BRIDGE_INSTANCE_ID", "local")),
                // 1,000 ticks/s over 500 symbols: a busy but laptop-friendly market (the command's default is 10,000).
                ServiceSpec.of(Applications.INGEST_SIMULATE, List.of("--rate", "1000", "--signal-strength",
                        SIGNAL_STRENGTH, "--move-probability", MOVE_PROBABILITY), "256m", Map.of()),
                // Scorer; with no active release it trains a first model from 20,000 simulated ticks and proposes it,
                // for ingest-cdc to release as version 1 (ready meanwhile). Told the simulator's signal, it judges
                // the known optimum beside every model.
                ServiceSpec.of(Applications.INFERENCE_STREAM, List.of(), "512m",
                        Map.of("ATLAS_INFERENCE_TRAIN_ON_START", "true", "ATLAS_INFERENCE_TRAIN_TICKS", "20000",
                                SCORER_SIGNAL_STRENGTH, SIGNAL_STRENGTH, SCORER_MOVE_PROBABILITY, MOVE_PROBABILITY)),
                // WebSocket gateway and live page; no auth and a local client's limits lifted, for the local run only.
                ServiceSpec.of(Applications.WS_GATEWAY, List.of(), "256m", Map.of("ATLAS_GATEWAY_AUTH", "none",
                        "ATLAS_GATEWAY_PORT", Integer.toString(Applications.GATEWAY_WEBSOCKET_PORT),
                        "ATLAS_GATEWAY_MAX_CONNECTIONS_PER_CLIENT", LOCAL_CONNECTIONS_PER_CLIENT,
                        "ATLAS_GATEWAY_RATE_LIMIT", LOCAL_REQUESTS_PER_WINDOW))
                        .withWebSocket(GATEWAY_WEBSOCKET_PATH));
    }
}
