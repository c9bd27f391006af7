package io.atlas.gateway.server;

import io.atlas.gateway.evaluation.HitRateWindow;

import java.util.List;

/**
 * The body of {@value #PATH}: hit rate and log-loss per model version beside the naive prior's and the known
 * optimum's on the same outcomes, which the live page polls every 2 s.
 */
final class HitRateJson {

    static final String PATH = "/api/hit-rate";

    private HitRateJson() {
    }

    /**
     * {@code {"windowSeconds":300,"versions":[{"model","version","kind":"active|shadow","judged","hits","hitRate",
     * "meanLogLoss","prior":{"hitRate","logLoss"},"optimum":{"judged","hitRate","meanLogLoss"} or null}...]}}, in the
     * window's order (active first, newest version first); rates and log-losses to three decimals.
     */
    static String json(List<HitRateWindow.VersionHitRate> window) {
        return JsonEndpoints.json(out -> {
            out.writeStartObject();
            out.writeNumberField("windowSeconds", HitRateWindow.WINDOW.toSeconds());
            out.writeArrayFieldStart("versions");
            for (HitRateWindow.VersionHitRate rate : window) {
                out.writeStartObject();
                out.writeStringField("model", rate.version().model());
                out.writeNumberField("version", rate.version().version());
                out.writeStringField("kind", rate.version().kind().wireName());
                out.writeNumberField("judged", rate.judged());
                out.writeNumberField("hits", rate.hits());
                out.writeNumberField("hitRate", JsonEndpoints.rounded(rate.hitRate()));
                out.writeNumberField("meanLogLoss", JsonEndpoints.rounded(rate.meanLogLoss()));
                out.writeObjectFieldStart("prior");
                out.writeNumberField("hitRate", JsonEndpoints.rounded(rate.prior().hitRate()));
                out.writeNumberField("logLoss", JsonEndpoints.rounded(rate.prior().logLoss()));
                out.writeEndObject();
                HitRateWindow.Optimum optimum = rate.optimum();
                if (optimum == null) {
                    out.writeNullField("optimum");
                } else {
                    out.writeObjectFieldStart("optimum");
                    out.writeNumberField("judged", optimum.judged());
                    out.writeNumberField("hitRate", JsonEndpoints.rounded(optimum.hitRate()));
                    out.writeNumberField("meanLogLoss", JsonEndpoints.rounded(optimum.meanLogLoss()));
                    out.writeEndObject();
                }
                out.writeEndObject();
            }
            out.writeEndArray();
            out.writeEndObject();
        });
    }
}
