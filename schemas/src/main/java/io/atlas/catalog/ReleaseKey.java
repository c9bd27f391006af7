package io.atlas.catalog;

import io.atlas.events.ModelRelease;

/**
 * The key of a record on {@link Topics#MODEL_RELEASES}: {@code modelId:version}. One key per release, not per model,
 * so that compaction keeps the latest state of every release: an ACTIVE v1 and a SHADOW v2 of the same model both
 * survive, and deleting one release row tombstones that release only.
 */
public final class ReleaseKey {

    private ReleaseKey() {
    }

    public static String of(CharSequence modelId, int version) {
        return modelPrefix(modelId) + version;
    }

    /** What every release key of {@code modelId} starts with, to pick one model's releases out of the topic. */
    public static String modelPrefix(CharSequence modelId) {
        return modelId + ":";
    }

    public static String of(ModelRelease release) {
        return of(release.getModelId(), release.getVersion());
    }
}
