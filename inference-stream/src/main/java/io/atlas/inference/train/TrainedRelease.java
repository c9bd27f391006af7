package io.atlas.inference.train;

import io.atlas.events.ModelRelease;
import io.atlas.events.ReleaseStatus;
import io.atlas.inference.features.FeatureVector;
import io.atlas.inference.model.ModelCodec;
import io.atlas.schemas.serde.ContractSerdes;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;

/**
 * A trained model as a {@link ModelRelease}: its bytes, digest, algorithm, the scorer's features, horizon and
 * evaluation. Training never publishes one: PostgreSQL numbers and holds every release, so a trained model leaves
 * here unnumbered, in a release file an operator publishes ({@code atlas-ingest release publish --release}) or as a
 * first-start proposal ingest-cdc releases.
 */
public final class TrainedRelease {

    /** The version a release carries before the database numbers it. */
    public static final int UNNUMBERED = 0;

    /** What {@code --output FILE} writes beside the model: {@code FILE.release}. */
    public static final String FILE_SUFFIX = ".release";

    private TrainedRelease() {
    }

    /** The release of a trained model, unnumbered. */
    public static ModelRelease of(String modelId, ReleaseStatus status, int horizon, TrainingPipeline.Result result) {
        return of(modelId, UNNUMBERED, status, horizon, result);
    }

    /** The release of a trained model with {@code version} (test fixtures and benches without PostgreSQL). */
    public static ModelRelease of(String modelId, int version, ReleaseStatus status, int horizon,
                                  TrainingPipeline.Result result) {
        return ModelRelease.newBuilder()
                .setModelId(modelId)
                .setVersion(version)
                .setAlgorithm(ModelCodec.ALGORITHM)
                .setFeatures(FeatureVector.NAMES)
                .setHorizonTicks(horizon)
                .setModel(ByteBuffer.wrap(result.bytes()))
                .setDigest(result.digest())
                .setStatus(status)
                .setCreatedAtMicros(ChronoUnit.MICROS.between(Instant.EPOCH, Instant.now()))
                .setMetrics(new HashMap<>(result.report().asMetrics()))
                .build();
    }

    /** Writes {@code release} to {@code file} in the contract's own encoding (Avro single-object). */
    public static void write(Path file, ModelRelease release) throws IOException {
        Files.write(file, ContractSerdes.modelRelease().encode(release));
    }
}
