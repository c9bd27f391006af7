package io.atlas.keda;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The OpenTelemetry Collector's configuration: OTLP in (gRPC and HTTP), tail sampling that keeps every slow trace,
 * every trace with an error and a probabilistic share of the rest, then OTLP out to Jaeger.
 *
 * <p>Tail sampling decides on whole traces, so all spans of a trace must reach the same collector: it runs as one
 * replica (a load-balancing exporter tier in front is the way to grow past one).
 */
public final class CollectorConfig {

    /** A trace whose first span starts this long before its last one ends is slow: always kept. */
    public static final int SLOW_TRACE_MS = 250;

    /** Share of the traces that are neither slow nor failed kept anyway, to show what normal looks like. */
    public static final int BASELINE_PERCENT = 5;

    /** How long the collector waits after a trace's first span before deciding (ticks cross the pipeline in ~1 s). */
    public static final String DECISION_WAIT = "10s";

    /** Traces held while waiting: the services' sampled rate (about 2,000 traces/s) times the wait, with headroom. */
    public static final int TRACES_HELD = 50_000;

    private CollectorConfig() {
    }

    public static Map<String, Object> config() {
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("extensions", Map.of("health_check", Map.of("endpoint",
                "0.0.0.0:" + TracingResources.COLLECTOR_HEALTH_PORT)));
        config.put("receivers", Map.of("otlp", Map.of("protocols", TracingResources.otlpProtocols())));
        Map<String, Object> processors = new LinkedHashMap<>();
        processors.put("memory_limiter", Map.of("check_interval", "1s", "limit_percentage", 80,
                "spike_limit_percentage", 20));
        processors.put("tail_sampling", tailSampling());
        processors.put("batch", Map.of("timeout", "1s", "send_batch_size", 1024));
        config.put("processors", processors);
        config.put("exporters", Map.of("otlp/jaeger", Map.of(
                "endpoint", TracingResources.JAEGER + "." + TracingResources.NAMESPACE + ".svc:"
                        + TracingResources.OTLP_GRPC_PORT,
                // In-cluster, inside the monitoring namespace; put TLS here when Jaeger runs elsewhere.
                "tls", Map.of("insecure", true))));
        Map<String, Object> traces = new LinkedHashMap<>();
        traces.put("receivers", List.of("otlp"));
        // memory_limiter first so it can refuse before anything is buffered; batch last, after sampling.
        traces.put("processors", List.of("memory_limiter", "tail_sampling", "batch"));
        traces.put("exporters", List.of("otlp/jaeger"));
        Map<String, Object> service = new LinkedHashMap<>();
        service.put("extensions", List.of("health_check"));
        service.put("pipelines", Map.of("traces", traces));
        config.put("service", service);
        return config;
    }

    private static Map<String, Object> tailSampling() {
        Map<String, Object> sampling = new LinkedHashMap<>();
        sampling.put("decision_wait", DECISION_WAIT);
        sampling.put("num_traces", TRACES_HELD);
        sampling.put("expected_new_traces_per_sec", 2_000);
        sampling.put("policies", List.of(
                Map.of("name", "slow", "type", "latency", "latency", Map.of("threshold_ms", SLOW_TRACE_MS)),
                Map.of("name", "errors", "type", "status_code", "status_code",
                        Map.of("status_codes", List.of("ERROR"))),
                Map.of("name", "baseline", "type", "probabilistic", "probabilistic",
                        Map.of("sampling_percentage", BASELINE_PERCENT))));
        return sampling;
    }
}
