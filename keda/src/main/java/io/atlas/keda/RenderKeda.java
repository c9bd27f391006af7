package io.atlas.keda;

import io.atlas.deploy.Manifest;
import io.atlas.deploy.ManifestWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
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

    @Option(names = "--jaeger-elasticsearch", paramLabel = "URL", split = ",",
            description = "Keep traces in Elasticsearch/OpenSearch at these URLs instead of Jaeger's memory.")
    private List<String> elasticsearch = List.of();

    @Option(names = "--jaeger-index-prefix", defaultValue = "atlas",
            description = "Index prefix with --jaeger-elasticsearch (default: ${DEFAULT-VALUE}).")
    private String indexPrefix;

    public static void main(String[] args) {
        System.exit(new CommandLine(new RenderKeda()).execute(args));
    }

    @Override
    public Integer call() {
        TraceStorage storage = elasticsearch.isEmpty() ? TraceStorage.DEVELOPMENT
                : new TraceStorage.Elasticsearch(elasticsearch, indexPrefix);
        List<Manifest> manifests = KedaManifests.render(storage);
        ManifestWriter.write(folder, manifests);
        spec.commandLine().getOut().println("Rendered " + manifests.size() + " files into " + folder + " (traces in "
                + storage.name() + ")");
        return 0;
    }
}
