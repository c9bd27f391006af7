package io.atlas.local.launch;

import io.atlas.ops.trace.TraceSettings;

import java.util.Locale;
import java.util.Map;

/**
 * {@code ./atlas up --trace}: every service traces to its own log under the run folder (the console exporter), at
 * {@code ratio} of new traces. Without {@code --trace} the services get no tracing variable from the launcher, so
 * the ones in the launcher's own environment apply (e.g. {@code ATLAS_TRACE_EXPORTER=otlp} for a collector).
 *
 * @param enabled whether {@code --trace} was given
 * @param ratio   the share of new traces recorded, 0..1
 */
record LocalTracing(boolean enabled, double ratio) {

    LocalTracing {
        if (!(ratio >= 0 && ratio <= 1)) {
            throw new IllegalArgumentException("--trace-ratio must be within 0..1, got " + ratio);
        }
    }

    /** The variables every service gets on top of its own. */
    Map<String, String> serviceEnv() {
        if (!enabled) {
            return Map.of();
        }
        return Map.of(TraceSettings.EXPORTER, TraceSettings.Exporter.CONSOLE.name().toLowerCase(Locale.ROOT),
                TraceSettings.SAMPLE_RATIO, Double.toString(ratio));
    }
}
