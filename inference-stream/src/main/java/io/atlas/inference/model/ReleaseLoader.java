package io.atlas.inference.model;

import io.atlas.events.ModelRelease;
import io.atlas.inference.features.FeatureVector;

import java.nio.ByteBuffer;
import java.util.List;

/**
 * Checks and loads a {@link ModelRelease}: reads its inline bytes, verifies their SHA-256 against the stated
 * digest, that its features are exactly {@link FeatureVector#NAMES} in order and that its horizon is usable, then
 * deserializes the Tribuo model.
 */
public final class ReleaseLoader {

    /** Longest horizon a release may predict over, in ticks: bounds the pending predictions kept per symbol. */
    public static final int MAX_HORIZON_TICKS = 1000;

    private ReleaseLoader() {
    }

    public static LoadedRelease load(ModelRelease release) throws RejectedReleaseException {
        if (!ModelCodec.ALGORITHM.equals(release.getAlgorithm())) {
            throw new RejectedReleaseException("UNKNOWN_ALGORITHM", "algorithm '" + release.getAlgorithm()
                    + "' is not " + ModelCodec.ALGORITHM);
        }
        ByteBuffer buffer = release.getModel();
        if (buffer == null) {
            throw new RejectedReleaseException("NO_BYTES", "the release carries no model bytes (location "
                    + release.getLocation() + " is not fetched: releases must carry the model inline)");
        }
        byte[] bytes = new byte[buffer.remaining()];
        buffer.duplicate().get(bytes);
        String digest = ModelCodec.sha256(bytes);
        if (!digest.equalsIgnoreCase(release.getDigest())) {
            throw new RejectedReleaseException("DIGEST_MISMATCH", "the model bytes hash to " + digest
                    + " but the release states " + release.getDigest());
        }
        List<String> features = List.copyOf(release.getFeatures());
        if (!features.equals(FeatureVector.NAMES)) {
            throw new RejectedReleaseException("FEATURE_MISMATCH", "the release expects features " + features
                    + " but this scorer computes " + FeatureVector.NAMES);
        }
        int horizon = release.getHorizonTicks();
        if (horizon < 1 || horizon > MAX_HORIZON_TICKS) {
            throw new RejectedReleaseException("BAD_HORIZON", "horizonTicks " + horizon + " is outside 1.."
                    + MAX_HORIZON_TICKS);
        }
        Scorer scorer;
        try {
            scorer = new Scorer(ModelCodec.fromBytes(bytes));
        } catch (IllegalArgumentException e) {
            throw new RejectedReleaseException("UNLOADABLE", e.getMessage(), e);
        }
        return new LoadedRelease(release.getModelId(), release.getVersion(), release.getStatus(), horizon, digest,
                scorer);
    }
}
