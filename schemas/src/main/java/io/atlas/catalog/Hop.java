package io.atlas.catalog;

import java.util.Locale;

/**
 * The hops of one tick's trip from its producer to a WebSocket client, in order. Each service times the hops it can
 * see under the one timer {@link #METER} tagged {@link #TAG}{@code =}{@link #tagValue()}, so a dashboard or the live
 * page lines them up across processes without knowing which service measured which.
 */
public enum Hop {
    PRODUCER_TO_BROKER,
    BROKER_TO_INFERENCE,
    SCORING,
    INFERENCE_TO_PREDICTIONS,
    PREDICTIONS_TO_GATEWAY,
    GATEWAY_TO_SOCKET;

    /** The per-hop latency timer as named in Micrometer. */
    public static final String METER = "atlas.pipeline.hop";

    /** The same timer's histogram buckets as Prometheus scrapes them. */
    public static final String BUCKET_METRIC = "atlas_pipeline_hop_seconds_bucket";

    /** The tag that names the hop. */
    public static final String TAG = "hop";

    /** The {@link #TAG} value, e.g. {@code broker_to_inference}. */
    public String tagValue() {
        return name().toLowerCase(Locale.ROOT);
    }
}
