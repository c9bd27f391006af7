package io.atlas.keda;

import io.atlas.catalog.Application;
import io.atlas.catalog.Applications;
import io.atlas.ops.KafkaConnection;
import io.atlas.deploy.Placement;
import io.atlas.ops.OpsServer;
import io.atlas.strimzi.ClusterNames;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.ContainerPortBuilder;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodSpecBuilder;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.ProbeBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.SecurityContextBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.ServicePortBuilder;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import io.fabric8.kubernetes.api.model.VolumeMountBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudgetBuilder;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Builds each application's workload: a hardened Deployment (non-root, read-only root filesystem, no capabilities,
 * RuntimeDefault seccomp, probes on the ops server's paths), its Services, PodDisruptionBudget and ServiceMonitor,
 * and the Kafka client settings all of them share.
 */
public final class WorkloadResources {

    /** PLACEHOLDER registry: where CI pushes each module's image (not built yet; see README). */
    public static final String IMAGE_REGISTRY = "ghcr.io/atlas-streaming";
    public static final String IMAGE_TAG = "0.1.0";

    public static final String KAFKA_CLIENT_CONFIG_MAP = "atlas-kafka-client";
    public static final String KAFKA_CLIENT_FILE = "client.properties";
    public static final String KAFKA_CLIENT_DIR = "/etc/atlas/kafka";
    public static final String KAFKA_CA_DIR = "/etc/atlas/kafka-ca";

    /** The user's JAAS line (Strimzi's {@code sasl.jaas.config} secret key), read by Kafka's env config provider. */
    public static final String JAAS_ENV = "ATLAS_KAFKA_SASL_JAAS_CONFIG";

    public static final String OPS_PORT_NAME = "ops";
    public static final String WEBSOCKET_PORT_NAME = "websocket";
    public static final int RUN_AS_USER = 10001;

    /** Every JVM we run: heap at 70% of the memory limit, exit on OOM, Kafka's env config provider allowed. */
    static final String JAVA_TOOL_OPTIONS = "-XX:MaxRAMPercentage=70 -XX:+ExitOnOutOfMemoryError "
            + "-Djava.io.tmpdir=/tmp -Dorg.apache.kafka.automatic.config.providers="
            + "org.apache.kafka.common.config.provider.EnvVarConfigProvider";

    private WorkloadResources() {
    }

    /** The client settings file every application mounts: TLS to the cluster CA, SCRAM-SHA-512 as its user. */
    public static ConfigMap kafkaClientConfig() {
        String properties = clientProperties(KAFKA_CA_DIR + "/ca.crt", JAAS_ENV);
        return new ConfigMapBuilder()
                .withNewMetadata()
                    .withName(KAFKA_CLIENT_CONFIG_MAP)
                    .withNamespace(ClusterNames.NAMESPACE)
                    .withLabels(AppLabels.allApplications())
                .endMetadata()
                .withData(Map.of(KAFKA_CLIENT_FILE, properties))
                .build();
    }

    /**
     * Kafka client settings for SASL_SSL with SCRAM-SHA-512, trusting the PEM CA at {@code caFile}, the user's JAAS
     * line read from the variable {@code jaasEnv} by Kafka's env config provider (the JVM must allow it:
     * {@link #JAVA_TOOL_OPTIONS}).
     */
    static String clientProperties(String caFile, String jaasEnv) {
        return String.join("\n",
                "security.protocol=SASL_SSL",
                "sasl.mechanism=SCRAM-SHA-512",
                "ssl.truststore.type=PEM",
                "ssl.truststore.location=" + caFile,
                "config.providers=env",
                "config.providers.env.class=org.apache.kafka.common.config.provider.EnvVarConfigProvider",
                "sasl.jaas.config=${env:" + jaasEnv + "}",
                "");
    }

    /** The resources of one application, in apply order. */
    public static List<HasMetadata> of(Application application) {
        List<HasMetadata> resources = new ArrayList<>(deployments(application));
        resources.add(opsService(application));
        if (application.clientPort().isPresent()) {
            resources.add(publicService(application));
        }
        pdb(application).ifPresent(resources::add);
        resources.add(serviceMonitor(application));
        return resources;
    }

    /**
     * The application's on-demand Deployment, named after it: all its replicas, or for an application with
     * {@link Replicas#spotAboveMinimum()} exactly its minimum (the spot Deployment, {@link #spotDeployment}, runs
     * the rest).
     */
    public static Deployment deployment(Application application) {
        Replicas replicas = Replicas.of(application);
        // The scaler owns the replica count of scaled apps; applying a count would fight it on every deploy.
        Integer count = replicas.spotAboveMinimum() || !replicas.scaled() ? replicas.min() : null;
        Map<String, String> selector = replicas.spotAboveMinimum()
                ? AppLabels.selector(application, AppLabels.MINIMUM) : AppLabels.selector(application);
        return deployment(application, application.name(), Placement.ON_DEMAND, count, selector);
    }

    /** The replicas above the minimum of a spot-tolerant application, on spot nodes, scaled by KEDA from zero. */
    public static Optional<Deployment> spotDeployment(Application application) {
        if (!Replicas.of(application).spotAboveMinimum()) {
            return Optional.empty();
        }
        return Optional.of(deployment(application, spotName(application), Placement.SPOT, null,
                AppLabels.selector(application, AppLabels.ABOVE_MINIMUM)));
    }

    /** Every Deployment of the application: the on-demand one, then the spot one if it has one. */
    public static List<Deployment> deployments(Application application) {
        List<Deployment> deployments = new ArrayList<>();
        deployments.add(deployment(application));
        spotDeployment(application).ifPresent(deployments::add);
        return deployments;
    }

    /** The Deployment KEDA scales: the spot one when there is one. */
    public static String scaledDeployment(Application application) {
        return Replicas.of(application).spotAboveMinimum() ? spotName(application) : application.name();
    }

    static String spotName(Application application) {
        return application.name() + "-spot";
    }

    private static Deployment deployment(Application application, String name, Placement placement, Integer replicas,
            Map<String, String> selector) {
        // One reader of the replication slot at a time: stop the old pod before starting the new one.
        String strategy = application == Applications.INGEST_CDC ? "Recreate" : "RollingUpdate";
        Map<String, String> podLabels = new TreeMap<>(AppLabels.of(application));
        podLabels.putAll(selector);
        return new DeploymentBuilder()
                .withNewMetadata()
                    .withName(name)
                    .withNamespace(ClusterNames.NAMESPACE)
                    .withLabels(podLabels)
                .endMetadata()
                .withNewSpec()
                    .withReplicas(replicas)
                    .withNewSelector().withMatchLabels(new TreeMap<>(selector)).endSelector()
                    .withNewStrategy()
                        .withType(strategy)
                        .withRollingUpdate(strategy.equals("RollingUpdate")
                                ? new io.fabric8.kubernetes.api.model.apps.RollingUpdateDeploymentBuilder()
                                        .withMaxSurge(new IntOrString(1)).withMaxUnavailable(new IntOrString(0)).build()
                                : null)
                    .endStrategy()
                    .withNewTemplate()
                        .withNewMetadata()
                            .withLabels(podLabels)
                            .withAnnotations(new TreeMap<>(placement.podAnnotations()))
                        .endMetadata()
                        .withNewSpec()
                            .withAutomountServiceAccountToken(false)
                            .withEnableServiceLinks(false)
                            .withTerminationGracePeriodSeconds(60L)
                            .withNewSecurityContext()
                                .withRunAsNonRoot(true)
                                .withRunAsUser((long) RUN_AS_USER)
                                .withRunAsGroup((long) RUN_AS_USER)
                                .withFsGroup((long) RUN_AS_USER)
                                .withNewSeccompProfile().withType("RuntimeDefault").endSeccompProfile()
                            .endSecurityContext()
                            .withContainers(container(application))
                            .withAffinity(placement.affinity())
                            .withTolerations(placement.tolerations())
                            // Over all the application's pods, on-demand and spot alike.
                            .withTopologySpreadConstraints(placement.zoneSpread(AppLabels.selector(application)))
                            .withVolumes(
                                    new VolumeBuilder().withName("tmp").withNewEmptyDir().withSizeLimit(
                                            new Quantity("1Gi")).endEmptyDir().build(),
                                    new VolumeBuilder().withName("kafka-client").withNewConfigMap()
                                            .withName(KAFKA_CLIENT_CONFIG_MAP).endConfigMap().build(),
                                    new VolumeBuilder().withName("kafka-ca").withNewSecret()
                                            .withSecretName(ClusterNames.clusterCaSecret())
                                            .withItems(new io.fabric8.kubernetes.api.model.KeyToPathBuilder()
                                                    .withKey("ca.crt").withPath("ca.crt").build())
                                            .endSecret().build())
                        .endSpec()
                    .endTemplate()
                .endSpec()
                .build();
    }

    private static Container container(Application application) {
        List<String> command = new ArrayList<>(List.of("java", "-cp", "/app/lib/*", application.mainClass()));
        command.addAll(application.arguments());
        List<ContainerPort> ports = new ArrayList<>();
        ports.add(new ContainerPortBuilder().withName(OPS_PORT_NAME).withContainerPort(application.opsPort()).build());
        application.clientPort().ifPresent(port -> ports.add(new ContainerPortBuilder()
                .withName(WEBSOCKET_PORT_NAME).withContainerPort(port).build()));
        Resources resources = Resources.of(application);
        return new ContainerBuilder()
                .withName(application.name())
                .withImage(IMAGE_REGISTRY + "/" + application.module() + ":" + IMAGE_TAG)
                .withImagePullPolicy("IfNotPresent")
                .withCommand(command)
                .withPorts(ports)
                .withEnv(env(application, application.name()))
                .withEnvFrom(
                        // Application-specific settings (PostgreSQL, Redis, rates), kept beside the generated set.
                        new io.fabric8.kubernetes.api.model.EnvFromSourceBuilder().withNewConfigMapRef()
                                .withName(application.name() + "-env").withOptional(true).endConfigMapRef().build(),
                        new io.fabric8.kubernetes.api.model.EnvFromSourceBuilder().withNewSecretRef()
                                .withName(application.name() + "-env").withOptional(true).endSecretRef().build())
                .withResources(resources.requirements())
                .withStartupProbe(probe(OpsServer.LIVENESS, 2, 60))
                .withLivenessProbe(probe(OpsServer.LIVENESS, 10, 3))
                .withReadinessProbe(probe(OpsServer.READINESS, 5, 2))
                .withSecurityContext(hardenedContainer())
                .withVolumeMounts(
                        new VolumeMountBuilder().withName("tmp").withMountPath("/tmp").build(),
                        new VolumeMountBuilder().withName("kafka-client").withMountPath(KAFKA_CLIENT_DIR)
                                .withReadOnly(true).build(),
                        new VolumeMountBuilder().withName("kafka-ca").withMountPath(KAFKA_CA_DIR)
                                .withReadOnly(true).build())
                .build();
    }

    /**
     * A one-off run of another main class in an application's pod (its image, settings, volumes, placement) as
     * another Kafka user, with resources of its own: no ports, no probes, not restarted.
     */
    static PodSpec oneOffPod(Application application, String name, List<String> command, String kafkaUser,
            Resources resources) {
        Container job = new ContainerBuilder(container(application))
                .withName(name)
                .withCommand(command)
                .withResources(resources.requirements())
                .withPorts(List.of())
                .withStartupProbe(null)
                .withLivenessProbe(null)
                .withReadinessProbe(null)
                .withEnv(env(application, kafkaUser))
                .build();
        return new PodSpecBuilder(deployment(application).getSpec().getTemplate().getSpec())
                .withContainers(job)
                .withTopologySpreadConstraints(List.of())
                .withRestartPolicy("Never")
                .build();
    }

    /** No privilege escalation, read-only root filesystem, non-root, no capabilities: every container we render. */
    static SecurityContext hardenedContainer() {
        return new SecurityContextBuilder()
                .withAllowPrivilegeEscalation(false)
                .withReadOnlyRootFilesystem(true)
                .withRunAsNonRoot(true)
                .withNewCapabilities().withDrop("ALL").endCapabilities()
                .build();
    }

    /** Kafka 4 only resolves config providers the JVM allows; the heap follows the memory limit. */
    static EnvVar javaToolOptions() {
        return new EnvVarBuilder().withName("JAVA_TOOL_OPTIONS").withValue(JAVA_TOOL_OPTIONS).build();
    }

    /** The application's environment, authenticating to Kafka as {@code kafkaUser}. */
    private static List<EnvVar> env(Application application, String kafkaUser) {
        Map<String, EnvVar> env = new LinkedHashMap<>();
        env.put(KafkaConnection.BOOTSTRAP, new EnvVarBuilder().withName(KafkaConnection.BOOTSTRAP)
                .withValue(ClusterNames.internalBootstrap()).build());
        env.put(KafkaConnection.CLIENT_CONFIG, new EnvVarBuilder().withName(KafkaConnection.CLIENT_CONFIG)
                .withValue(KAFKA_CLIENT_DIR + "/" + KAFKA_CLIENT_FILE).build());
        env.put(OpsServer.PORT, new EnvVarBuilder().withName(OpsServer.PORT)
                .withValue(Integer.toString(application.opsPort())).build());
        env.put(JAAS_ENV, new EnvVarBuilder().withName(JAAS_ENV).withNewValueFrom().withNewSecretKeyRef()
                .withName(ClusterNames.userSecret(kafkaUser)).withKey("sasl.jaas.config").endSecretKeyRef()
                .endValueFrom().build());
        TracingResources.serviceEnv().forEach(variable -> env.put(variable.getName(), variable));
        env.put("JAVA_TOOL_OPTIONS", javaToolOptions());
        return new ArrayList<>(env.values());
    }

    private static Probe probe(String path, int periodSeconds, int failureThreshold) {
        return new ProbeBuilder()
                .withNewHttpGet().withPath(path).withPort(new IntOrString(OPS_PORT_NAME)).endHttpGet()
                .withPeriodSeconds(periodSeconds)
                .withFailureThreshold(failureThreshold)
                .withTimeoutSeconds(2)
                .build();
    }

    /** Health and metrics inside the cluster; the ServiceMonitor scrapes it. */
    public static Service opsService(Application application) {
        return new ServiceBuilder()
                .withNewMetadata()
                    .withName(application.name())
                    .withNamespace(ClusterNames.NAMESPACE)
                    .withLabels(AppLabels.of(application))
                .endMetadata()
                .withNewSpec()
                    .withType("ClusterIP")
                    .withSelector(AppLabels.selector(application))
                    .withPorts(new ServicePortBuilder().withName(OPS_PORT_NAME).withPort(application.opsPort())
                            .withTargetPort(new IntOrString(OPS_PORT_NAME)).withProtocol("TCP").build())
                .endSpec()
                .build();
    }

    /** The client-facing port alone, behind a load balancer: the ops port is never exposed outside. */
    public static Service publicService(Application application) {
        int port = application.clientPort().orElseThrow();
        return new ServiceBuilder()
                .withNewMetadata()
                    .withName(application.name() + "-public")
                    .withNamespace(ClusterNames.NAMESPACE)
                    .withLabels(AppLabels.of(application))
                .endMetadata()
                .withNewSpec()
                    .withType("LoadBalancer")
                    .withExternalTrafficPolicy("Local")
                    .withSelector(AppLabels.selector(application))
                    .withPorts(new ServicePortBuilder().withName(WEBSOCKET_PORT_NAME).withPort(port)
                            .withTargetPort(new IntOrString(WEBSOCKET_PORT_NAME)).withProtocol("TCP").build())
                .endSpec()
                .build();
    }

    /**
     * At least two replicas available during voluntary disruptions, for applications that run three or more; a
     * single-replica application gets none, because a budget of 1 for 1 would block every node drain.
     */
    public static Optional<PodDisruptionBudget> pdb(Application application) {
        if (Replicas.of(application).min() < Replicas.MIN_SCALED) {
            return Optional.empty();
        }
        return Optional.of(new PodDisruptionBudgetBuilder()
                .withNewMetadata()
                    .withName(application.name())
                    .withNamespace(ClusterNames.NAMESPACE)
                    .withLabels(AppLabels.of(application))
                .endMetadata()
                .withNewSpec()
                    .withMinAvailable(new IntOrString(2))
                    .withNewSelector().withMatchLabels(AppLabels.selector(application)).endSelector()
                .endSpec()
                .build());
    }

    /** Tells the Prometheus operator to scrape the ops port's {@code /metrics}. */
    public static GenericKubernetesResource serviceMonitor(Application application) {
        Map<String, Object> endpoint = new LinkedHashMap<>();
        endpoint.put("port", OPS_PORT_NAME);
        endpoint.put("path", OpsServer.METRICS);
        endpoint.put("interval", "15s");
        Map<String, Object> spec = new LinkedHashMap<>();
        // The job the alerts select on is this label's value on the Service (AppLabels.job), not the Service name.
        spec.put("jobLabel", AppLabels.NAME);
        spec.put("selector", Map.of("matchLabels", AppLabels.selector(application)));
        spec.put("namespaceSelector", Map.of("matchNames", List.of(ClusterNames.NAMESPACE)));
        spec.put("endpoints", List.of(endpoint));
        return new GenericKubernetesResourceBuilder()
                .withApiVersion("monitoring.coreos.com/v1")
                .withKind("ServiceMonitor")
                .withNewMetadata()
                    .withName(application.name())
                    .withNamespace(ClusterNames.NAMESPACE)
                    .withLabels(AppLabels.of(application))
                .endMetadata()
                .withAdditionalProperties(Map.of("spec", spec))
                .build();
    }
}
