package io.atlas.strimzi;

import io.atlas.deploy.ManifestWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** Renders the Strimzi manifests into a folder (by default the committed {@code strimzi/src/main/k8s}). */
@Command(name = "render-strimzi", mixinStandardHelpOptions = true,
        description = "Renders the Kafka cluster, topics, users and DR mirror as Strimzi YAML.")
public final class RenderStrimzi implements Callable<Integer> {

    /** The committed output folder, relative to the repository root. */
    public static final Path DEFAULT_FOLDER = Path.of("strimzi", "src", "main", "k8s");

    @Spec
    private CommandSpec spec;

    @Parameters(index = "0", arity = "0..1", description = "Output folder (default: ${DEFAULT-VALUE})")
    private Path folder = DEFAULT_FOLDER;

    public static void main(String[] args) {
        System.exit(new CommandLine(new RenderStrimzi()).execute(args));
    }

    @Override
    public Integer call() {
        ManifestWriter.write(folder, StrimziManifests.render());
        spec.commandLine().getOut().println("Rendered " + StrimziManifests.render().size() + " files into " + folder);
        return 0;
    }
}
