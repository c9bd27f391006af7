package io.atlas.gateway.server;

import com.fasterxml.jackson.core.JsonGenerator;
import io.atlas.gateway.ops.GatewayHops;

import java.io.IOException;
import java.util.List;

/** The body of {@value #PATH}: the gateway's per-hop latency window, which the live page polls every second. */
final class HopsJson {

    static final String PATH = "/api/hops";

    private HopsJson() {
    }

    /**
     * {@code {"windowSeconds":20,"slowest":"<hop with the highest p99>","hops":[{"hop","p50Ms","p99Ms"}...]}},
     * hops in pipeline order; a hop with nothing timed in the window has null times and never is the slowest.
     */
    static String json(List<GatewayHops.HopWindow> window) {
        GatewayHops.HopWindow slowest = null;
        for (GatewayHops.HopWindow hop : window) {
            if (!hop.empty() && (slowest == null || hop.p99Millis() > slowest.p99Millis())) {
                slowest = hop;
            }
        }
        String slowestHop = slowest == null ? null : slowest.hop().tagValue();
        return JsonEndpoints.json(out -> {
            out.writeStartObject();
            out.writeNumberField("windowSeconds", GatewayHops.WINDOW.toSeconds());
            out.writeStringField("slowest", slowestHop);
            out.writeArrayFieldStart("hops");
            for (GatewayHops.HopWindow hop : window) {
                out.writeStartObject();
                out.writeStringField("hop", hop.hop().tagValue());
                millis(out, "p50Ms", hop, hop.p50Millis());
                millis(out, "p99Ms", hop, hop.p99Millis());
                out.writeEndObject();
            }
            out.writeEndArray();
            out.writeEndObject();
        });
    }

    private static void millis(JsonGenerator out, String field, GatewayHops.HopWindow hop, double value)
            throws IOException {
        if (hop.empty()) {
            out.writeNullField(field);
        } else {
            out.writeNumberField(field, JsonEndpoints.rounded(value));
        }
    }
}
