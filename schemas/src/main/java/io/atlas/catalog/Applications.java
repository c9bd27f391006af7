package io.atlas.catalog;

import io.atlas.catalog.Application.External;
import io.atlas.catalog.Application.Scaling;
import java.util.List;

/**
 * Declares every Atlas application once: the services and the deployment generators (Strimzi users and ACLs,
 * Kubernetes workloads, KEDA scalers) read these constants.
 */
public final class Applications {

    /** The gateway's WebSocket port, exposed to clients. */
    public static final int GATEWAY_WEBSOCKET_PORT = 8088;

    /** The gauge of open WebSocket connections the gateway registers, as named in Micrometer. */
    public static final String GATEWAY_CONNECTIONS_METER = "atlas.gateway.connections";

    /** The same gauge as Prometheus scrapes it. */
    public static final String GATEWAY_CONNECTIONS_METRIC = "atlas_gateway_connections";

    // An idempotent producer only: a restarted simulator may re-send a tick, which is harmless for a load source.
    public static final Application INGEST_SIMULATE = Application.builder("ingest-simulate")
            .main("ingest", "io.atlas.ingest.IngestCli", "simulate")
            .writes(Topics.TICKS)
            .scaling(new Scaling.Fixed(1))
            .build();

    // Instruments are read by manual assignment (every replica needs all of them), so only TICKS_RAW uses the group.
    public static final Application INGEST_BRIDGE = Application.builder("ingest-bridge")
            .main("ingest", "io.atlas.ingest.IngestCli", "bridge")
            .consumerGroup("atlas-ingest-bridge")
            .transactionalIdPrefix("atlas-ingest-bridge-")
            .reads(Topics.TICKS_RAW, Topics.INSTRUMENTS)
            .writes(Topics.TICKS, Topics.DEAD_LETTERS)
            .scaling(new Scaling.ConsumerLag(Topics.TICKS_RAW))
            .build();

    // A logical replication slot admits one reader: one replica, never scaled. It also turns model proposals into
    // release rows, reading them by manual assignment (no group).
    public static final Application INGEST_CDC = Application.builder("ingest-cdc")
            .main("ingest", "io.atlas.ingest.IngestCli", "cdc")
            .reads(Topics.CDC_OFFSETS, Topics.MODEL_PROPOSALS)
            .writes(Topics.CDC_OFFSETS, Topics.INSTRUMENTS, Topics.MODEL_RELEASES)
            .externals(External.POSTGRESQL)
            .scaling(new Scaling.Fixed(1))
            .build();

    // exactly_once_v2: transactional ids are prefixed with the application id, like the internal topics.
    public static final Application INFERENCE_STREAM = Application.builder("inference-stream")
            .main("inference-stream", "io.atlas.inference.InferenceCli", "run")
            .streamsApplicationId("atlas-inference")
            .reads(Topics.TICKS, Topics.INSTRUMENTS, Topics.MODEL_RELEASES)
            .writes(Topics.PREDICTIONS, Topics.PREDICTIONS_LAST, Topics.PREDICTION_OUTCOMES, Topics.DEAD_LETTERS,
                    Topics.MODEL_PROPOSALS)
            .scaling(new Scaling.ConsumerLag(Topics.TICKS))
            .build();

    // Every replica assigns all partitions itself: each must see every prediction to fan it out to its clients.
    public static final Application WS_GATEWAY = Application.builder("ws-gateway")
            .main("ws-gateway", "io.atlas.gateway.server.GatewayMain")
            .clientPort(GATEWAY_WEBSOCKET_PORT)
            .reads(Topics.PREDICTIONS, Topics.PREDICTIONS_LAST)
            .externals(External.REDIS)
            .scaling(new Scaling.PerPodGauge(GATEWAY_CONNECTIONS_METER, GATEWAY_CONNECTIONS_METRIC))
            .build();

    private static final List<Application> ALL = List.of(INGEST_SIMULATE, INGEST_BRIDGE, INGEST_CDC,
            INFERENCE_STREAM, WS_GATEWAY);

    private Applications() {
    }

    /** Every Atlas application, in data-flow order. */
    public static List<Application> all() {
        return ALL;
    }
}
