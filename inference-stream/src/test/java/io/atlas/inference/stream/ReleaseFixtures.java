package io.atlas.inference.stream;

import io.atlas.events.ModelRelease;

/** Variations of test releases. */
final class ReleaseFixtures {

    private ReleaseFixtures() {
    }

    static ModelRelease withHorizon(ModelRelease release, int horizonTicks) {
        ModelRelease copy = ModelRelease.newBuilder(release).build();
        copy.setHorizonTicks(horizonTicks);
        return copy;
    }
}
