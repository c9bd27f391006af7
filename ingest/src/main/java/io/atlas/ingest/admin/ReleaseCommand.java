package io.atlas.ingest.admin;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
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

    ReferenceData data() {
        return new ReferenceData(new AdminConfig(env).target());
    }

    @Command(name = "publish", description = "Inserts a release with the model file's bytes and SHA-256; ACTIVE "
            + "(retiring the current ACTIVE one in the same transaction) unless --shadow.")
    static final class Publish implements Callable<Integer> {
        @ParentCommand
        ReleaseCommand parent;
        @Spec
        CommandSpec spec;
        @Option(names = "--model-id", required = true, description = "Stable model name, e.g. tick-direction")
        String modelId;
        @Option(names = "--version", description = "Release number (default: the model's highest + 1)")
        Integer version;
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
        @Option(names = "--shadow", description = "Publish as SHADOW (scored, not live)")
        boolean shadow;

        @Override
        public Integer call() throws Exception {
            byte[] model = Files.readAllBytes(file);
            int published = parent.data().publish(new ReferenceData.NewRelease(modelId, version, algorithm,
                    features, horizonTicks, model, metrics, shadow));
            spec.commandLine().getOut().println(modelId + " v" + published + " " + (shadow ? "SHADOW" : "ACTIVE")
                    + " sha256 " + ReferenceData.sha256(model));
            return 0;
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
            parent.data().activate(modelId, version);
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
            parent.data().retire(modelId, version);
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
            int active = parent.data().rollback(modelId);
            spec.commandLine().getOut().println(modelId + " rolled back to v" + active + " ACTIVE");
            return 0;
        }
    }
}
