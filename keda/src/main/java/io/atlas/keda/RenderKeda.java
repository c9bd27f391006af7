package io.atlas.keda;

import io.atlas.deploy.ManifestWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** Renders the applications' Kubernetes and KEDA manifests into a folder (by default the committed one). */
@Command(name = "render-keda", mixinStandardHelpOptions = true,
        description = "Renders the Atlas applications' Deployments, Services, policies and KEDA scalers as YAML.")
public final class RenderKeda implements Callable<Integer> {

    public static final Path DEFAULT_FOLDER = Path.of("keda", "src", "main", "k8s");

    @Spec
    private CommandSpec spec;

    @Parameters(index = "0", arity = "0..1", description = "Output folder (default: ${DEFAULT-VALUE})")
    private Path folder = DEFAULT_FOLDER;

    public static void main(String[] args) {
        System.exit(new CommandLine(new RenderKeda()).execute(args));
    }

    @Override
    public Integer call() {
        ManifestWriter.write(folder, KedaManifests.render());
        spec.commandLine().getOut().println("Rendered " + KedaManifests.render().size() + " files into " + folder);
        return 0;
    }
}
