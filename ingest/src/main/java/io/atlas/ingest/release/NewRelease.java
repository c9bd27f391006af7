package io.atlas.ingest.release;

import java.util.List;
import java.util.Map;

/**
 * A release to publish: the model's bytes and what the scorer needs to load them.
 *
 * @param version the version asked for, or {@code null} for the model's next free one
 * @param shadow  true for SHADOW (scored beside the live model), false for ACTIVE (replacing it)
 */
public record NewRelease(String modelId, Integer version, String algorithm, List<String> features, int horizonTicks,
                         byte[] model, Map<String, Double> metrics, boolean shadow) {

    public NewRelease {
        features = List.copyOf(features);
        metrics = Map.copyOf(metrics);
    }
}
