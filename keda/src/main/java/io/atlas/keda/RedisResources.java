package io.atlas.keda;

import io.atlas.strimzi.ClusterNames;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.ProbeBuilder;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import io.fabric8.kubernetes.api.model.VolumeMountBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import java.util.List;
import java.util.Map;

/**
 * Redis, where the gateway keeps its resumable sessions: one instance on an on-demand data node, persisted twice
 * over on its volume — an RDB snapshot every hour that anything changed ({@code save 3600 1}) and an append-only
 * file fsynced every second, so a restart or a point-in-time recovery loses at most a second of session updates.
 * Sessions expire within minutes (their TTL), so no copy leaves the volume: a lost volume costs resuming clients a
 * snapshot instead of a replay, never data.
 */
public final class RedisResources {

    public static final String NAME = "redis";
    public static final String IMAGE = "redis:7.4-bookworm";
    public static final int PORT = 6379;
    public static final String CONFIG_FILE = "redis.conf";

    /** The official image's redis user: owns /data. */
    static final long RUN_AS_USER = 999;
    static final Resources RESOURCES = new Resources("500m", "1", "2Gi");

    /** 75% of the memory limit: a snapshot or AOF rewrite forks, and the child's copied pages need the rest. */
    static final String MAX_MEMORY = "1536mb";

    static final String DATA_SIZE = "10Gi";

    private static final String CONFIG_DIR = "/etc/redis";

    /**
     * The persistence the seed asks for (hourly snapshots, point-in-time recovery), bound to every interface (the
     * network policy admits the gateway only), evicting the sessions nearest to expiry first when full rather than
     * refusing the gateway's writes.
     */
    static final String CONFIG = """
            bind 0.0.0.0
            protected-mode no
            port %d
            dir /data
            save 3600 1
            appendonly yes
            appendfsync everysec
            aof-use-rdb-preamble yes
            maxmemory %s
            maxmemory-policy volatile-ttl
            """.formatted(PORT, MAX_MEMORY);

    private RedisResources() {
    }

    /** In apply order: the configuration, the instance, its Service. */
    public static List<HasMetadata> all() {
        return List.of(config(), statefulSet(), DataStores.service(NAME, PORT));
    }

    public static ConfigMap config() {
        return new ConfigMapBuilder()
                .withNewMetadata().withName(NAME).withNamespace(ClusterNames.NAMESPACE)
                    .withLabels(DataStores.labels(NAME)).endMetadata()
                .withData(Map.of(CONFIG_FILE, CONFIG))
                .build();
    }

    public static StatefulSet statefulSet() {
        Container redis = new ContainerBuilder()
                .withName(NAME)
                .withImage(IMAGE)
                .withImagePullPolicy("IfNotPresent")
                .withCommand("redis-server", CONFIG_DIR + "/" + CONFIG_FILE)
                .addNewPort().withName(NAME).withContainerPort(PORT).withProtocol("TCP").endPort()
                .withResources(RESOURCES.requirements())
                .withReadinessProbe(ping(5, 3))
                .withLivenessProbe(ping(15, 4))
                .withSecurityContext(WorkloadResources.hardenedContainer())
                .withVolumeMounts(
                        new VolumeMountBuilder().withName("data").withMountPath("/data").build(),
                        new VolumeMountBuilder().withName("config").withMountPath(CONFIG_DIR).withReadOnly(true)
                                .build(),
                        new VolumeMountBuilder().withName("tmp").withMountPath("/tmp").build())
                .build();
        PodSpec pod = DataStores.pod(NAME, RUN_AS_USER, redis, List.of(
                new VolumeBuilder().withName("config").withNewConfigMap().withName(NAME).endConfigMap().build(),
                DataStores.emptyDir("tmp")));
        return DataStores.statefulSet(NAME, pod, "data", DATA_SIZE);
    }

    private static Probe ping(int periodSeconds, int failureThreshold) {
        return new ProbeBuilder()
                .withNewExec().withCommand("redis-cli", "-p", Integer.toString(PORT), "ping").endExec()
                .withPeriodSeconds(periodSeconds)
                .withFailureThreshold(failureThreshold)
                .withTimeoutSeconds(2)
                .build();
    }
}
