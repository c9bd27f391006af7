package io.atlas.gateway.server;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
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
import java.util.Map;
import java.util.function.Supplier;

/**
 * Serves the read-only JSON the live page polls ({@value HopsJson#PATH}, {@value HitRateJson#PATH}): each path's
 * body is made afresh per GET; passes every other request on. Aggregates only, no symbols: served without a token,
 * like the page.
 */
final class JsonEndpoints extends Handler.Wrapper {

    private static final JsonFactory FACTORY = new JsonFactory();

    /** Writes one JSON document to a generator; a {@link StringWriter} underneath never fails. */
    @FunctionalInterface
    interface Body {
        void write(JsonGenerator out) throws IOException;
    }

    private final Map<String, Supplier<String>> bodies;

    /** @param bodies the body of each path, made when it is asked for */
    JsonEndpoints(Map<String, Supplier<String>> bodies, Handler next) {
        super(next);
        this.bodies = Map.copyOf(bodies);
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        Supplier<String> body = bodies.get(Request.getPathInContext(request));
        if (body == null) {
            return super.handle(request, response, callback);
        }
        if (!HttpMethod.GET.is(request.getMethod())) {
            response.getHeaders().put(HttpHeader.ALLOW, HttpMethod.GET.asString());
            Response.writeError(request, response, callback, 405);
            return true;
        }
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
        response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
        Content.Sink.write(response, true, body.get(), callback);
        return true;
    }

    /** The text {@code body} writes. */
    static String json(Body body) {
        StringWriter text = new StringWriter(512);
        try (JsonGenerator out = FACTORY.createGenerator(text)) {
            body.write(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return text.toString();
    }

    /** {@code value} to three decimals: what a person reads off the page, and a shorter body. */
    static double rounded(double value) {
        return Math.round(value * 1000) / 1000.0;
    }
}
