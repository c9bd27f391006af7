package io.atlas.keda;

import io.atlas.deploy.Placement;
import io.atlas.keda.cli.AtlasDeployCli;
import io.atlas.keda.cli.DrCheck;
import io.atlas.strimzi.ClusterNames;
import io.atlas.strimzi.MirrorResources;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodSpecBuilder;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import io.fabric8.kubernetes.api.model.VolumeMountBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyEgressRuleBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeerBuilder;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The seed's weekly disaster-recovery validation, in the DR region: a CronJob running {@code atlas validate --dr}
 * ({@link DrCheck}) against the primary (its external listener, as the mirror reads it) and the DR cluster with the
 * mirror's own credentials, its network policy, and the alert that pages when no run has passed for a week.
 *
 * <p>A failed run fails its Job (the command exits 1 and lists every problem in the pod's log); the alert reads
 * kube-state-metrics' last successful run of the CronJob, so a failure stays loud until a run passes.
 */
public final class DrValidation {

    public static final String NAME = "atlas-dr-validation";
    public static final String SCHEDULE = "0 6 * * 1";
    public static final String IMAGE = WorkloadResources.IMAGE_REGISTRY + "/keda:" + WorkloadResources.IMAGE_TAG;

    /** The alert fires this long after the last passing run: a week, plus the run's deadline and slack. */
    static final Duration OVERDUE = Duration.ofDays(7).plusHours(1);

    static final String PRIMARY_FILE = "primary.properties";
    static final String DR_FILE = "dr.properties";
    static final String PRIMARY_JAAS_ENV = "ATLAS_DR_PRIMARY_JAAS";
    static final String DR_JAAS_ENV = "ATLAS_DR_JAAS";

    private static final String CONFIG_DIR = "/etc/atlas/dr";
    private static final String PRIMARY_CA_DIR = "/etc/atlas/primary-ca";
    private static final String DR_CA_DIR = "/etc/atlas/dr-ca";
    private static final String DR_CA_SECRET = ClusterNames.DR_CLUSTER + "-cluster-ca-cert";

    private DrValidation() {
    }

    /** In apply order, all in the DR region's {@code atlas} namespace. */
    public static List<HasMetadata> all() {
        return List.of(clientConfig(), cronJob(), networkPolicy(), alerts());
    }

    /** The command the CronJob runs: {@code atlas validate --dr} with both clusters' addresses and settings. */
    public static List<String> command() {
        return List.of("java", "-cp", "/app/lib/*", AtlasDeployCli.class.getName(), "validate", "--dr",
                "--primary-bootstrap", MirrorResources.PRIMARY_EXTERNAL_BOOTSTRAP,
                "--primary-config", CONFIG_DIR + "/" + PRIMARY_FILE,
                "--dr-bootstrap", MirrorResources.DR_BOOTSTRAP,
                "--dr-config", CONFIG_DIR + "/" + DR_FILE);
    }

    public static ConfigMap clientConfig() {
        Map<String, String> files = new TreeMap<>();
        files.put(PRIMARY_FILE, WorkloadResources.clientProperties(PRIMARY_CA_DIR + "/ca.crt", PRIMARY_JAAS_ENV));
        files.put(DR_FILE, WorkloadResources.clientProperties(DR_CA_DIR + "/ca.crt", DR_JAAS_ENV));
        return new ConfigMapBuilder()
                .withNewMetadata().withName(NAME).withNamespace(ClusterNames.NAMESPACE)
                    .withLabels(DataStores.labels(NAME)).endMetadata()
                .withData(files)
                .build();
    }

    public static CronJob cronJob() {
        List<EnvVar> env = new ArrayList<>();
        env.add(jaas(PRIMARY_JAAS_ENV, MirrorResources.PRIMARY_USER_SECRET));
        env.add(jaas(DR_JAAS_ENV, MirrorResources.NAME));
        env.add(WorkloadResources.javaToolOptions());
        Container check = new ContainerBuilder()
                .withName(NAME)
                .withImage(IMAGE)
                .withImagePullPolicy("IfNotPresent")
                .withCommand(command())
                .withEnv(env)
                .withResources(new Resources("250m", "1", "512Mi").requirements())
                .withSecurityContext(WorkloadResources.hardenedContainer())
                .withVolumeMounts(
                        new VolumeMountBuilder().withName("tmp").withMountPath("/tmp").build(),
                        new VolumeMountBuilder().withName("config").withMountPath(CONFIG_DIR).withReadOnly(true)
                                .build(),
                        new VolumeMountBuilder().withName("primary-ca").withMountPath(PRIMARY_CA_DIR)
                                .withReadOnly(true).build(),
                        new VolumeMountBuilder().withName("dr-ca").withMountPath(DR_CA_DIR).withReadOnly(true)
                                .build())
                .build();
        PodSpec pod = DataStores.pod(NAME, WorkloadResources.RUN_AS_USER, Placement.ON_DEMAND, check, List.of(
                DataStores.emptyDir("tmp"),
                new VolumeBuilder().withName("config").withNewConfigMap().withName(NAME).endConfigMap().build(),
                ca("primary-ca", MirrorResources.PRIMARY_CA_SECRET), ca("dr-ca", DR_CA_SECRET)));
        // One retry rides out a network blip; a second failure is a finding.
        return CronJobs.of(NAME, Optional.of(SCHEDULE), Duration.ofMinutes(30), 1, Placement.ON_DEMAND,
                new PodSpecBuilder(pod).withRestartPolicy("Never").build());
    }

    /** DNS, the DR cluster's brokers, and the primary's external listener (a load balancer in the other region). */
    public static NetworkPolicy networkPolicy() {
        return new NetworkPolicyBuilder()
                .withNewMetadata().withName(NAME).withNamespace(ClusterNames.NAMESPACE)
                    .withLabels(DataStores.labels(NAME)).endMetadata()
                .withNewSpec()
                    .withPodSelector(new LabelSelectorBuilder().withMatchLabels(Map.of(AppLabels.NAME, NAME)).build())
                    .withPolicyTypes("Ingress", "Egress")
                    .withEgress(NetworkPolicyResources.dns(),
                            new NetworkPolicyEgressRuleBuilder()
                                    .withTo(new NetworkPolicyPeerBuilder().withPodSelector(new LabelSelectorBuilder()
                                            .withMatchLabels(new TreeMap<>(Map.of(ClusterNames.CLUSTER_LABEL,
                                                    ClusterNames.DR_CLUSTER, "strimzi.io/broker-role", "true")))
                                            .build()).build())
                                    .withPorts(NetworkPolicyResources.tcp(ClusterNames.INTERNAL_PORT))
                                    .build(),
                            new NetworkPolicyEgressRuleBuilder()
                                    .withTo(new NetworkPolicyPeerBuilder().withNewIpBlock().withCidr("0.0.0.0/0")
                                            .endIpBlock().build())
                                    .withPorts(NetworkPolicyResources.tcp(ClusterNames.EXTERNAL_PORT))
                                    .build())
                .endSpec()
                .build();
    }

    /** Pages when no run has passed for a week: the last one failed, or none ran. */
    public static GenericKubernetesResource alerts() {
        Map<String, Object> rule = AlertRules.rule("AtlasDrValidationFailed",
                "time() - kube_cronjob_status_last_successful_time{namespace=\"" + ClusterNames.NAMESPACE
                        + "\",cronjob=\"" + NAME + "\"} > " + OVERDUE.toSeconds(), "5m", "critical",
                "the weekly DR validation has not passed for a week",
                "No run of " + NAME + " has passed for " + OVERDUE.toHours() + " hours: the mirror lags beyond the "
                        + DrCheck.RPO.toSeconds() + " s RPO, its checkpoints are stale, or the check cannot reach a "
                        + "cluster. The failed Job's log lists the problems.");
        return AlertRules.prometheusRule(NAME + "-alerts", ClusterNames.NAMESPACE, "atlas-dr-validation",
                List.of(rule));
    }

    private static EnvVar jaas(String name, String secret) {
        return new EnvVarBuilder().withName(name).withNewValueFrom().withNewSecretKeyRef().withName(secret)
                .withKey("sasl.jaas.config").endSecretKeyRef().endValueFrom().build();
    }

    private static Volume ca(String name, String secret) {
        return new VolumeBuilder().withName(name).withNewSecret().withSecretName(secret)
                .withItems(new io.fabric8.kubernetes.api.model.KeyToPathBuilder().withKey("ca.crt").withPath("ca.crt")
                        .build())
                .endSecret().build();
    }
}
