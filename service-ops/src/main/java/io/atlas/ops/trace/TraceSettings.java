package io.atlas.ops.trace;

import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Range;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigException;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;

/**
 * Where a service sends its spans and how many traces it starts: the tracing variables every service declares (with
 * {@link #define}) and reads (with {@link #from}). With the default exporter {@code none} tracing is off.
 *
 * @param exporter    where spans go
 * @param endpoint    the OTLP/HTTP traces URL, used with {@link Exporter#OTLP}
 * @param sampleRatio the share of new traces recorded (a trace started upstream keeps its upstream decision)
 */
public record TraceSettings(Exporter exporter, URI endpoint, double sampleRatio) {

    public static final String EXPORTER = "ATLAS_TRACE_EXPORTER";
    public static final String OTLP_ENDPOINT = "ATLAS_TRACE_OTLP_ENDPOINT";
    public static final String SAMPLE_RATIO = "ATLAS_TRACE_SAMPLE_RATIO";

    public static final String DEFAULT_OTLP_ENDPOINT = "http://localhost:4318";
    public static final double DEFAULT_SAMPLE_RATIO = 0.01;

    /** The OTLP/HTTP path of traces, appended to an endpoint given without a path. */
    static final String TRACES_PATH = "/v1/traces";

    /** Where spans go. */
    public enum Exporter {
        /** Nowhere: tracing is off and the services skip it entirely. */
        NONE,
        /** OTLP over HTTP (protobuf) to a collector, Jaeger or any OTLP receiver. */
        OTLP,
        /** One log line per span on the service's own log (java.util.logging, INFO), for a local look. */
        CONSOLE;

        String variableValue() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public TraceSettings {
        if (!(sampleRatio >= 0 && sampleRatio <= 1)) {
            throw new IllegalArgumentException("sampleRatio must be within 0..1, got " + sampleRatio);
        }
    }

    /** Tracing off. */
    public static TraceSettings off() {
        return new TraceSettings(Exporter.NONE, URI.create(DEFAULT_OTLP_ENDPOINT + TRACES_PATH), DEFAULT_SAMPLE_RATIO);
    }

    /** Declares the three variables on {@code definition}. */
    public static ConfigDef define(ConfigDef definition) {
        return definition
                .define(EXPORTER, Type.STRING, Exporter.NONE.variableValue(),
                        ConfigDef.CaseInsensitiveValidString.in("none", "otlp", "console"), Importance.LOW,
                        "Where spans go: none (tracing off, no cost), otlp (OTLP/HTTP to " + OTLP_ENDPOINT
                                + ") or console (one log line per span).")
                .define(OTLP_ENDPOINT, Type.STRING, DEFAULT_OTLP_ENDPOINT, new HttpUrl(), Importance.LOW,
                        "OTLP/HTTP receiver (collector, Jaeger) for otlp; " + TRACES_PATH
                                + " is appended when the URL has no path.")
                .define(SAMPLE_RATIO, Type.DOUBLE, DEFAULT_SAMPLE_RATIO, Range.between(0, 1), Importance.LOW,
                        "Share of traces started here that are recorded (0..1); a trace started upstream keeps its "
                                + "decision; dead letters and errors are always recorded.");
    }

    /** The settings {@code config} parsed from the variables {@link #define} declared. */
    public static TraceSettings from(AbstractConfig config) {
        Exporter exporter = Exporter.valueOf(config.getString(EXPORTER).trim().toUpperCase(Locale.ROOT));
        return new TraceSettings(exporter, tracesUrl(config.getString(OTLP_ENDPOINT)),
                config.getDouble(SAMPLE_RATIO));
    }

    private static URI tracesUrl(String endpoint) {
        URI uri = URI.create(endpoint.trim());
        String path = uri.getPath();
        return path == null || path.isEmpty() || path.equals("/")
                ? URI.create(endpoint.trim().replaceAll("/+$", "") + TRACES_PATH) : uri;
    }

    /** Accepts an absolute http or https URL. */
    static final class HttpUrl implements ConfigDef.Validator {
        @Override
        public void ensureValid(String name, Object value) {
            String text = value == null ? "" : value.toString().trim();
            try {
                URI uri = new URI(text);
                if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) || uri.getHost() == null) {
                    throw new ConfigException(name, value, "an http:// or https:// URL with a host");
                }
            } catch (URISyntaxException e) {
                throw new ConfigException(name, value, "not a URL: " + e.getMessage());
            }
        }

        @Override
        public String toString() {
            return "an http:// or https:// URL";
        }
    }
}
