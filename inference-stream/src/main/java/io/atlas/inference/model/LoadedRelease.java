package io.atlas.inference.model;

import io.atlas.events.ReleaseStatus;

/**
 * A model release that passed every check and can score: its identity, status and horizon with the ready
 * {@link Scorer}.
 */
public record LoadedRelease(String modelId, int version, ReleaseStatus status, int horizonTicks, String digest,
                            Scorer scorer) {

    /** {@code modelId:version}, as logs and metrics name a release. */
    public String label() {
        return modelId + ":" + version;
    }
}
