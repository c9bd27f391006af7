package io.atlas.inference.model;

import java.util.List;

/**
 * The releases scoring right now: at most one live (ACTIVE) release and any number of SHADOW ones. Immutable, so
 * a stream thread that reads it once per tick scores the whole tick with one consistent set.
 *
 * @param active the release whose predictions are published as live, or null before any is active
 * @param shadows releases scored side by side, their predictions flagged shadow
 */
public record ActiveModels(LoadedRelease active, List<LoadedRelease> shadows) {

    public static final ActiveModels NONE = new ActiveModels(null, List.of());

    public ActiveModels {
        shadows = List.copyOf(shadows);
    }

    public boolean isEmpty() {
        return active == null && shadows.isEmpty();
    }
}
