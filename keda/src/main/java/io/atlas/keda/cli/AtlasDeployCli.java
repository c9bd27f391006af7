package io.atlas.keda.cli;

import io.atlas.deploy.Manifest;
import io.atlas.deploy.SchemaFolder;
import io.atlas.deploy.StrictSchemas;
import io.atlas.ops.KafkaConnection;
import io.atlas.strimzi.MirrorResources;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import org.apache.kafka.clients.CommonClientConfigs;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code atlas deploy} renders, validates strictly and applies the deployment to the current kube context
 * ({@code --dry-run} prints the plan only); {@code atlas validate} checks a live cluster against it, and
 * {@code atlas validate --dr} the disaster-recovery mirror between two Kafka clusters ({@link DrCheck}).
 */
@Command(name = "atlas", mixinStandardHelpOptions = true, subcommands = {AtlasDeployCli.Deploy.class,
        AtlasDeployCli.Validate.class}, description = "Deploys Atlas to Kubernetes and checks a running deployment.")
public final class AtlasDeployCli {

    private final Supplier<KubernetesClient> clients;

    public AtlasDeployCli(Supplier<KubernetesClient> clients) {
        this.clients = clients;
    }

    public static void main(String[] args) {
        System.exit(commandLine(() -> new KubernetesClientBuilder().build()).execute(args));
    }

    /** The command line, connecting with {@code clients} (the current kube context, or a test's mock server). */
    public static CommandLine commandLine(Supplier<KubernetesClient> clients) {
        AtlasDeployCli root = new AtlasDeployCli(clients);
        return new CommandLine(root, new CommandLine.IFactory() {
            @Override
            public <K> K create(Class<K> type) throws Exception {
                if (type == Deploy.class) {
                    return type.cast(new Deploy(root.clients));
                } else if (type == Validate.class) {
                    return type.cast(new Validate(root.clients));
                }
                return CommandLine.defaultFactory().create(type);
            }
        });
    }

    @Command(name = "deploy", mixinStandardHelpOptions = true,
            description = "Renders, validates strictly, then applies (create or update, never delete).")
    static final class Deploy implements Callable<Integer> {

        private final Supplier<KubernetesClient> clients;

        @Spec
        private CommandSpec spec;

        @Option(names = "--dry-run", description = "Print what would be created or updated; change nothing.")
        private boolean dryRun;

        @Option(names = "--schemas", description = "Folder of newer Kubernetes schemas to validate against (default: the "
                + "schemas Atlas carries)")
        private Path schemas;

        Deploy(Supplier<KubernetesClient> clients) {
            this.clients = clients;
        }

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            List<HasMetadata> resources = DeploymentSet.resources();
            // Both regions' manifests are validated; only the primary region's are planned and applied here.
            List<HasMetadata> validated = DeploymentSet.resources(Manifest.Region.values());
            StrictSchemas validator = StrictSchemas.load(schemas != null ? schemas : SchemaFolder.locate());
            int invalid = 0;
            for (HasMetadata resource : validated) {
                for (String error : validator.validate(StrictSchemas.toTree(resource))) {
                    spec.commandLine().getErr().println(resource.getKind() + " " + resource.getMetadata().getName()
                            + ": " + error);
                    invalid++;
                }
            }
            if (invalid > 0) {
                spec.commandLine().getErr().println(invalid + " schema violations: nothing applied");
                return 1;
            }
            out.println("Validated " + validated.size() + " resources strictly against the carried schemas ("
                    + (validated.size() - resources.size()) + " of them the DR region's, applied there).");
            try (KubernetesClient client = clients.get()) {
                Deployer deployer = new Deployer(client);
                List<Deployer.Change> plan;
                try {
                    plan = deployer.plan(resources);
                } catch (KubernetesClientException e) {
                    if (!dryRun || !unreachable(e)) {
                        throw e;
                    }
                    // Offline: the validation above is the whole dry run.
                    out.println("No cluster answered at " + client.getMasterUrl() + " (" + rootCause(e)
                            + "): no plan.");
                    out.flush();
                    return 0;
                }
                plan.forEach(out::println);
                long changes = plan.stream().filter(change -> change.action() != Deployer.Action.UNCHANGED).count();
                if (dryRun) {
                    out.println("Dry run: " + changes + " of " + plan.size() + " resources would change.");
                } else {
                    deployer.apply(resources);
                    out.println("Applied " + plan.size() + " resources (" + changes + " changed).");
                }
            }
            out.flush();
            return 0;
        }
    }

    /** The API server could not be reached at all (no cluster, no network), as opposed to refusing a request. */
    static boolean unreachable(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof IOException) {
                return true;
            }
        }
        return false;
    }

    private static String rootCause(Throwable failure) {
        Throwable cause = failure;
        while (cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause.getClass().getSimpleName() + ": " + cause.getMessage();
    }

    @Command(name = "validate", mixinStandardHelpOptions = true,
            description = {"Checks the cluster: resources present and ready, scalers ready, topics as the catalog.",
                    "With --dr, checks the disaster-recovery mirror from the two Kafka clusters instead: lag of every "
                            + "mirrored partition against the RPO, freshness of the translated group offsets."})
    static final class Validate implements Callable<Integer> {

        private final Supplier<KubernetesClient> clients;

        @Spec
        private CommandSpec spec;

        @Option(names = "--dr", description = "Check the DR mirror (Kafka only; no Kubernetes API needed).")
        private boolean dr;

        @Option(names = "--primary-bootstrap", paramLabel = "HOST:PORT",
                description = "With --dr: the primary cluster (default: ${DEFAULT-VALUE}, its external listener).")
        private String primaryBootstrap = MirrorResources.PRIMARY_EXTERNAL_BOOTSTRAP;

        @Option(names = "--primary-config", paramLabel = "FILE",
                description = "With --dr: Kafka client properties for the primary (TLS, SASL).")
        private Path primaryConfig;

        @Option(names = "--dr-bootstrap", paramLabel = "HOST:PORT",
                description = "With --dr: the DR cluster (default: ${DEFAULT-VALUE}).")
        private String drBootstrap = MirrorResources.DR_BOOTSTRAP;

        @Option(names = "--dr-config", paramLabel = "FILE",
                description = "With --dr: Kafka client properties for the DR cluster (TLS, SASL).")
        private Path drConfig;

        Validate(Supplier<KubernetesClient> clients) {
            this.clients = clients;
        }

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            List<String> problems;
            String verdict;
            if (dr) {
                try (DrCheck check = new DrCheck(settings(primaryBootstrap, primaryConfig),
                        settings(drBootstrap, drConfig), Clock.systemUTC(), DrCheck.RPO, DrCheck.MAX_CHECKPOINT_LAG)) {
                    problems = check.problems(DrCheck.atlasTopics(), DrCheck.atlasGroups());
                }
                verdict = "DR mirror OK: every mirrored partition within the " + DrCheck.RPO.toSeconds()
                        + " s RPO, checkpoints within " + DrCheck.MAX_CHECKPOINT_LAG.toSeconds() + " s";
            } else {
                try (KubernetesClient client = clients.get()) {
                    problems = new ClusterCheck(client).problems(DeploymentSet.resources());
                }
                verdict = "Atlas deployment OK";
            }
            problems.forEach(out::println);
            out.println(problems.isEmpty() ? verdict : problems.size() + " problems");
            out.flush();
            return problems.isEmpty() ? 0 : 1;
        }

        private static Map<String, Object> settings(String bootstrap, Path config) {
            Map<String, Object> settings = new HashMap<>(KafkaConnection.readProperties(
                    config == null ? "" : config.toString()));
            settings.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
            settings.put(CommonClientConfigs.CLIENT_ID_CONFIG, "atlas-dr-check");
            return settings;
        }
    }
}
