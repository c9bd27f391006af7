package io.atlas.keda;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Jaeger v2's configuration (the OpenTelemetry Collector format): OTLP in from the Atlas collector, traces written
 * to the chosen {@link TraceStorage}, and the query service and UI reading the same storage.
 */
public final class JaegerConfig {

    private JaegerConfig() {
    }

    public static Map<String, Object> config(TraceStorage storage) {
        Map<String, Object> config = new LinkedHashMap<>();
        Map<String, Object> extensions = new LinkedHashMap<>();
        extensions.put("healthcheckv2", Map.of("use_v2", true, "http", Map.of("endpoint",
                "0.0.0.0:" + TracingResources.JAEGER_HEALTH_PORT)));
        extensions.put("jaeger_storage", Map.of("backends", Map.of(storage.name(), storage.backend())));
        extensions.put("jaeger_query", Map.of("storage", Map.of("traces", storage.name()),
                "http", Map.of("endpoint", "0.0.0.0:" + TracingResources.JAEGER_UI_PORT)));
        config.put("extensions", extensions);
        config.put("receivers", Map.of("otlp", Map.of("protocols", TracingResources.otlpProtocols())));
        config.put("processors", Map.of("batch", Map.of()));
        config.put("exporters", Map.of("jaeger_storage_exporter", Map.of("trace_storage", storage.name())));
        Map<String, Object> traces = new LinkedHashMap<>();
        traces.put("receivers", List.of("otlp"));
        traces.put("processors", List.of("batch"));
        traces.put("exporters", List.of("jaeger_storage_exporter"));
        Map<String, Object> service = new LinkedHashMap<>();
        service.put("extensions", List.of("jaeger_storage", "jaeger_query", "healthcheckv2"));
        service.put("pipelines", Map.of("traces", traces));
        config.put("service", service);
        return config;
    }
}
