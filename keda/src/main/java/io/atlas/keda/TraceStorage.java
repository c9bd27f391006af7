package io.atlas.keda;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Where the Jaeger Deployment keeps traces: in memory for development (lost on restart, bounded by a trace count),
 * or an Elasticsearch/OpenSearch cluster for production, rendered only when chosen.
 */
public sealed interface TraceStorage {

    /** Development default: the newest {@code maxTraces} traces, in the Jaeger pod's memory. */
    TraceStorage DEVELOPMENT = new Memory(100_000);

    /** The backend's settings under {@code jaeger_storage.backends.<name>} of Jaeger v2's configuration. */
    Map<String, Object> backend();

    /** A short name for the backend, used as its key in the Jaeger configuration. */
    String name();

    record Memory(int maxTraces) implements TraceStorage {

        public Memory {
            if (maxTraces < 1) {
                throw new IllegalArgumentException("maxTraces must be at least 1, was " + maxTraces);
            }
        }

        @Override
        public Map<String, Object> backend() {
            return Map.of("memory", Map.of("max_traces", maxTraces));
        }

        @Override
        public String name() {
            return "memory";
        }
    }

    /** Elasticsearch (or OpenSearch's compatible API) at {@code serverUrls}, indices named {@code indexPrefix-*}. */
    record Elasticsearch(List<String> serverUrls, String indexPrefix) implements TraceStorage {

        public Elasticsearch {
            serverUrls = List.copyOf(serverUrls);
            if (serverUrls.isEmpty()) {
                throw new IllegalArgumentException("Elasticsearch storage needs at least one server URL");
            }
        }

        @Override
        public Map<String, Object> backend() {
            Map<String, Object> settings = new LinkedHashMap<>();
            settings.put("server_urls", serverUrls);
            settings.put("indices", Map.of("index_prefix", indexPrefix));
            return Map.of("elasticsearch", settings);
        }

        @Override
        public String name() {
            return "elasticsearch";
        }
    }
}
