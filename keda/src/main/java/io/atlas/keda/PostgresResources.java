package io.atlas.keda;

import io.atlas.strimzi.ClusterNames;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimBuilder;
import io.fabric8.kubernetes.api.model.PodAffinityTermBuilder;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodSpecBuilder;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.ProbeBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.VolumeMountBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * PostgreSQL, which holds the instruments and model releases CDC streams into Kafka: one instance with
 * {@code wal_level=logical} on an on-demand data node ({@link Placement#DATA}), its Service, and its daily backup
 * (a CronJob running {@link PostgresBackup}'s script into a volume of its own, kept {@value PostgresBackup#RETENTION_DAYS}
 * days).
 *
 * <p>The backup volume is {@code ReadWriteOnce}, so the backup pod runs on PostgreSQL's node (pod affinity), where
 * the PostgreSQL pod mounts the same volume read-only: a restore is a {@code kubectl exec} into that pod (runbook
 * {@code postgresql-restore}). The password comes from the Secret {@value #CREDENTIALS} (key {@code password}),
 * created beside the rendered set.
 */
public final class PostgresResources {

    public static final String NAME = "postgresql";
    public static final String IMAGE = "postgres:17.6-bookworm";
    public static final int PORT = 5432;
    public static final String DATABASE = "atlas";
    public static final String USER = "atlas";
    public static final String CREDENTIALS = "postgresql-credentials";
    public static final String BACKUP = "postgresql-backup";
    public static final String BACKUP_VOLUME = "postgresql-backups";

    /** The official image's postgres user: owns the data directory. */
    static final long RUN_AS_USER = 999;
    static final Resources RESOURCES = new Resources("1", "2", "2Gi");
    static final String DATA_SIZE = "20Gi";

    /**
     * Thirty daily dumps of a schema of at most 10,000 instruments and 50 model releases of up to 8 MiB (the
     * sizing of strimzi's StorageSizing): under 1 GiB each, compressed.
     */
    static final String BACKUP_SIZE = "50Gi";

    private static final String DATA_DIR = "/var/lib/postgresql/data";

    private PostgresResources() {
    }

    /** In apply order: the backup script, the backup volume, the database, its Service, the backup CronJob. */
    public static List<HasMetadata> all() {
        List<HasMetadata> resources = new ArrayList<>();
        resources.add(backupScript());
        resources.add(backupVolume());
        resources.add(statefulSet());
        resources.add(DataStores.service(NAME, PORT));
        resources.add(backupCronJob());
        return resources;
    }

    public static ConfigMap backupScript() {
        return new ConfigMapBuilder()
                .withNewMetadata().withName(BACKUP).withNamespace(ClusterNames.NAMESPACE)
                    .withLabels(DataStores.labels(BACKUP)).endMetadata()
                .withData(Map.of(PostgresBackup.SCRIPT, PostgresBackup.script()))
                .build();
    }

    public static PersistentVolumeClaim backupVolume() {
        return new PersistentVolumeClaimBuilder()
                .withNewMetadata().withName(BACKUP_VOLUME).withNamespace(ClusterNames.NAMESPACE)
                    .withLabels(DataStores.labels(BACKUP)).endMetadata()
                .withNewSpec()
                    .withAccessModes("ReadWriteOnce")
                    .withNewResources().withRequests(Map.of("storage", new Quantity(BACKUP_SIZE))).endResources()
                .endSpec()
                .build();
    }

    public static StatefulSet statefulSet() {
        List<String> args = List.of("-c", "wal_level=logical", "-c", "max_replication_slots=10", "-c",
                "max_wal_senders=10");
        List<EnvVar> env = new ArrayList<>(connectionEnv("127.0.0.1"));
        env.add(new EnvVarBuilder().withName("POSTGRES_USER").withValue(USER).build());
        env.add(new EnvVarBuilder().withName("POSTGRES_DB").withValue(DATABASE).build());
        env.add(password("POSTGRES_PASSWORD"));
        // A subfolder: the volume's root holds lost+found, which initdb refuses.
        env.add(new EnvVarBuilder().withName("PGDATA").withValue(DATA_DIR + "/pgdata").build());
        Container postgres = new ContainerBuilder()
                .withName(NAME)
                .withImage(IMAGE)
                .withImagePullPolicy("IfNotPresent")
                .withArgs(args)
                .addNewPort().withName(NAME).withContainerPort(PORT).withProtocol("TCP").endPort()
                .withEnv(env)
                .withResources(RESOURCES.requirements())
                .withStartupProbe(ready(5, 60))
                .withReadinessProbe(ready(10, 3))
                .withLivenessProbe(ready(20, 6))
                .withSecurityContext(WorkloadResources.hardenedContainer())
                .withVolumeMounts(
                        mount("data", DATA_DIR, false),
                        mount("run", "/var/run/postgresql", false),
                        mount("tmp", "/tmp", false),
                        mount("backup-script", PostgresBackup.SCRIPT_DIR, true),
                        mount("backups", PostgresBackup.BACKUP_DIR, true))
                .build();
        PodSpec pod = DataStores.pod(NAME, RUN_AS_USER, postgres, List.of(
                DataStores.emptyDir("run"), DataStores.emptyDir("tmp"), scriptVolume(), backupsVolume()));
        return DataStores.statefulSet(NAME, pod, "data", DATA_SIZE);
    }

    /** The daily backup, on PostgreSQL's node (the backup volume is ReadWriteOnce and PostgreSQL mounts it too). */
    public static CronJob backupCronJob() {
        List<EnvVar> env = new ArrayList<>(connectionEnv(NAME + "." + ClusterNames.NAMESPACE + ".svc"));
        Container backup = new ContainerBuilder()
                .withName(BACKUP)
                .withImage(IMAGE)
                .withImagePullPolicy("IfNotPresent")
                .withCommand(PostgresBackup.command(PostgresBackup.mountedScript(),
                        PostgresBackup.backupArguments(PostgresBackup.BACKUP_DIR, PostgresBackup.SCHEMA)))
                .withEnv(env)
                .withResources(new Resources("250m", "1", "512Mi").requirements())
                .withSecurityContext(WorkloadResources.hardenedContainer())
                .withVolumeMounts(mount("tmp", "/tmp", false), mount("backup-script", PostgresBackup.SCRIPT_DIR, true),
                        mount("backups", PostgresBackup.BACKUP_DIR, false))
                .build();
        PodSpec pod = new PodSpecBuilder(DataStores.pod(BACKUP, RUN_AS_USER, backup, List.of(
                DataStores.emptyDir("tmp"), scriptVolume(), backupsVolume())))
                .withRestartPolicy("Never")
                .editAffinity()
                    .withNewPodAffinity()
                        .withRequiredDuringSchedulingIgnoredDuringExecution(new PodAffinityTermBuilder()
                                .withNewLabelSelector().withMatchLabels(Map.of(AppLabels.NAME, NAME))
                                .endLabelSelector()
                                .withTopologyKey("kubernetes.io/hostname")
                                .build())
                    .endPodAffinity()
                .endAffinity()
                .build();
        return CronJobs.of(BACKUP, Optional.of(PostgresBackup.SCHEDULE), Duration.ofHours(1), 2,
                DataStores.PLACEMENT, pod);
    }

    /** libpq's variables for the script, with the password from the Secret. */
    private static List<EnvVar> connectionEnv(String host) {
        List<EnvVar> env = new ArrayList<>();
        PostgresBackup.connection(host, PORT, USER, DATABASE).forEach((name, value) ->
                env.add(new EnvVarBuilder().withName(name).withValue(value).build()));
        env.add(password(PostgresBackup.PASSWORD));
        return env;
    }

    private static EnvVar password(String name) {
        return new EnvVarBuilder().withName(name).withNewValueFrom().withNewSecretKeyRef()
                .withName(CREDENTIALS).withKey("password").endSecretKeyRef().endValueFrom().build();
    }

    private static Probe ready(int periodSeconds, int failureThreshold) {
        return new ProbeBuilder()
                .withNewExec().withCommand("pg_isready", "-h", "127.0.0.1", "-U", USER, "-d", DATABASE).endExec()
                .withPeriodSeconds(periodSeconds)
                .withFailureThreshold(failureThreshold)
                .withTimeoutSeconds(5)
                .build();
    }

    private static Volume scriptVolume() {
        return new VolumeBuilder().withName("backup-script").withNewConfigMap().withName(BACKUP)
                .withDefaultMode(0555).endConfigMap().build();
    }

    private static Volume backupsVolume() {
        return new VolumeBuilder().withName("backups").withNewPersistentVolumeClaim().withClaimName(BACKUP_VOLUME)
                .endPersistentVolumeClaim().build();
    }

    private static VolumeMount mount(String name, String path, boolean readOnly) {
        return new VolumeMountBuilder().withName(name).withMountPath(path).withReadOnly(readOnly ? true : null)
                .build();
    }
}
