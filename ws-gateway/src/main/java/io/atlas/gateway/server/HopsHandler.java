package io.atlas.gateway.server;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.atlas.gateway.ops.GatewayHops;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * Serves {@value #PATH}: the gateway's per-hop latency window as JSON, which the live page polls every second;
 * passes every other request on. Read-only aggregate timings, no symbols: served without a token, like the page.
 */
final class HopsHandler extends Handler.Wrapper {

    static final String PATH = "/api/hops";
    private static final JsonFactory FACTORY = new JsonFactory();

    private final GatewayHops hops;

    HopsHandler(GatewayHops hops, Handler next) {
        super(next);
        this.hops = hops;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        if (!PATH.equals(Request.getPathInContext(request))) {
            return super.handle(request, response, callback);
        }
        if (!HttpMethod.GET.is(request.getMethod())) {
            response.getHeaders().put(HttpHeader.ALLOW, HttpMethod.GET.asString());
            Response.writeError(request, response, callback, 405);
            return true;
        }
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
        response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
        Content.Sink.write(response, true, json(hops.window()), callback);
        return true;
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
        StringWriter text = new StringWriter(512);
        try (JsonGenerator out = FACTORY.createGenerator(text)) {
            out.writeStartObject();
            out.writeNumberField("windowSeconds", GatewayHops.WINDOW.toSeconds());
            out.writeStringField("slowest", slowest == null ? null : slowest.hop().tagValue());
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
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return text.toString();
    }

    private static void millis(JsonGenerator out, String field, GatewayHops.HopWindow hop, double value)
            throws IOException {
        if (hop.empty()) {
            out.writeNullField(field);
        } else {
            out.writeNumberField(field, Math.round(value * 1000) / 1000.0);
        }
    }
}
