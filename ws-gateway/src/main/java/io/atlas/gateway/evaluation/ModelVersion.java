package io.atlas.gateway.evaluation;

import io.atlas.events.Prediction;
import io.atlas.gateway.protocol.ModelKind;

/** One release of a model as the hit-rate window keys it: model id, release number, and whether it ran as shadow. */
public record ModelVersion(String model, int version, ModelKind kind) {

    /** The release that made {@code prediction}. */
    public static ModelVersion of(Prediction prediction) {
        return new ModelVersion(prediction.getModelId().toString(), prediction.getModelVersion(),
                ModelKind.of(prediction.getShadow()));
    }
}
