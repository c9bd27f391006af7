package io.atlas.ingest.admin;

import io.atlas.events.ModelRelease;
import io.atlas.ingest.release.ModelReleases;
import io.atlas.ingest.release.NewRelease;
import io.atlas.ingest.release.ReleaseConflictException;
import io.atlas.schemas.serde.ContractSerdes;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code atlas-ingest release publish|activate|retire|rollback}: changes the model_releases table in PostgreSQL;
 * the CDC process carries each change to {@code atlas.model-releases}.
 */
@Command(name = "release", mixinStandardHelpOptions = true,
        description = "Publishes, activates, retires or rolls back model releases in PostgreSQL (ATLAS_PG_* "
                + "variables); CDC publishes the change to atlas.model-releases.",
        subcommands = {ReleaseCommand.Publish.class, ReleaseCommand.Activate.class, ReleaseCommand.Retire.class,
                ReleaseCommand.Rollback.class})
public final class ReleaseCommand {

    private final Map<String, String> env;

    public ReleaseCommand() {
        this(System.getenv());
    }

    ReleaseCommand(Map<String, String> env) {
        this.env = env;
    }

    ModelReleases releases() {
        return new ModelReleases(new AdminConfig(env).target());
    }

    /** Prints why nothing changed, for an operator to act on, and fails the command. */
    static int refused(CommandSpec spec, Exception reason) {
        spec.commandLine().getErr().println(reason.getMessage());
        return 1;
    }

    @Command(name = "publish", description = "Inserts a release with the model's bytes and SHA-256 as the model's "
            + "next version (or --version), ACTIVE (retiring the current ACTIVE one in the same transaction) unless "
            + "--shadow. A version already taken is refused: a version never changes its bytes.")
    static final class Publish implements Callable<Integer> {
        @ParentCommand
        ReleaseCommand parent;
        @Spec
        CommandSpec spec;
        @ArgGroup(exclusive = true, multiplicity = "1")
        Source source;
        @Option(names = "--model-id", description = "Stable model name, e.g. tick-direction (default with --release: "
                + "the one it was trained under)")
        String modelId;
        @Option(names = "--version", description = "Release number (default: one above every version the model had)")
        Integer version;
        @Option(names = "--shadow", description = "Publish as SHADOW (scored, not live)")
        boolean shadow;

        static final class Source {
            @Option(names = "--release", paramLabel = "FILE", required = true, description = "A release file, as "
                    + "atlas-inference train --output MODEL writes MODEL.release: the model's bytes, algorithm, "
                    + "features, horizon and metrics (the ModelRelease contract, Avro)")
            Path release;
            @ArgGroup(exclusive = false)
            Parts parts;
        }

        static final class Parts {
            @Option(names = "--file", required = true, description = "The serialized model")
            Path file;
            @Option(names = "--algorithm", required = true, description = "e.g. logistic-sgd")
            String algorithm;
            @Option(names = "--features", required = true, split = ",", description = "Feature names in model order")
            List<String> features = new ArrayList<>();
            @Option(names = "--horizon-ticks", defaultValue = "1", description = "Prediction horizon (default 1)")
            int horizonTicks;
            @Option(names = "--metric", split = ",", description = "Training metrics, e.g. auc=0.61,accuracy=0.55")
            Map<String, Double> metrics = new LinkedHashMap<>();
        }

        @Override
        public Integer call() throws Exception {
            NewRelease release = source.release != null ? fromReleaseFile() : fromParts();
            int published;
            try {
                published = parent.releases().publish(release);
            } catch (ReleaseConflictException e) {
                return refused(spec, e);
            }
            spec.commandLine().getOut().println(release.modelId() + " v" + published + " "
                    + (shadow ? "SHADOW" : "ACTIVE") + " sha256 " + ModelReleases.sha256(release.model()));
            return 0;
        }

        private NewRelease fromReleaseFile() throws IOException {
            ModelRelease trained = ContractSerdes.modelRelease().decode(source.release.toString(), -1, -1,
                    Files.readAllBytes(source.release));
            if (trained.getModel() == null) {
                throw new ParameterException(spec.commandLine(), source.release + " carries no model bytes");
            }
            byte[] model = new byte[trained.getModel().remaining()];
            trained.getModel().duplicate().get(model);
            if (!ModelReleases.sha256(model).equals(trained.getDigest())) {
                throw new ParameterException(spec.commandLine(), source.release + ": its model bytes hash to "
                        + ModelReleases.sha256(model) + ", not to the digest it states (" + trained.getDigest() + ")");
            }
            return new NewRelease(modelId != null ? modelId : trained.getModelId(), version, trained.getAlgorithm(),
                    trained.getFeatures(), trained.getHorizonTicks(), model, trained.getMetrics(), shadow);
        }

        private NewRelease fromParts() throws IOException {
            if (modelId == null) {
                throw new ParameterException(spec.commandLine(), "--model-id is required with --file");
            }
            Parts parts = source.parts;
            return new NewRelease(modelId, version, parts.algorithm, parts.features, parts.horizonTicks,
                    Files.readAllBytes(parts.file), parts.metrics, shadow);
        }
    }

    @Command(name = "activate", description = "Makes a release ACTIVE, retiring the current ACTIVE one.")
    static final class Activate implements Callable<Integer> {
        @ParentCommand
        ReleaseCommand parent;
        @Spec
        CommandSpec spec;
        @Option(names = "--model-id", required = true)
        String modelId;
        @Option(names = "--version", required = true)
        int version;

        @Override
        public Integer call() throws Exception {
            try {
                parent.releases().activate(modelId, version);
            } catch (IllegalArgumentException e) {
                return refused(spec, e);
            }
            spec.commandLine().getOut().println(modelId + " v" + version + " ACTIVE");
            return 0;
        }
    }

    @Command(name = "retire", description = "Makes a release RETIRED (no longer scored).")
    static final class Retire implements Callable<Integer> {
        @ParentCommand
        ReleaseCommand parent;
        @Spec
        CommandSpec spec;
        @Option(names = "--model-id", required = true)
        String modelId;
        @Option(names = "--version", required = true)
        int version;

        @Override
        public Integer call() throws Exception {
            try {
                parent.releases().retire(modelId, version);
            } catch (IllegalArgumentException e) {
                return refused(spec, e);
            }
            spec.commandLine().getOut().println(modelId + " v" + version + " RETIRED");
            return 0;
        }
    }

    @Command(name = "rollback", description = "Retires the ACTIVE release and activates the newest earlier one.")
    static final class Rollback implements Callable<Integer> {
        @ParentCommand
        ReleaseCommand parent;
        @Spec
        CommandSpec spec;
        @Option(names = "--model-id", required = true)
        String modelId;

        @Override
        public Integer call() throws Exception {
            int active;
            try {
                active = parent.releases().rollback(modelId);
            } catch (IllegalStateException e) {
                return refused(spec, e);
            }
            spec.commandLine().getOut().println(modelId + " rolled back to v" + active + " ACTIVE");
            return 0;
        }
    }
}
