package io.atlas.keda;

import static org.assertj.core.api.Assertions.assertThat;

import io.atlas.catalog.Application;
import io.atlas.catalog.Applications;
import io.atlas.deploy.NodeGroup;
import io.atlas.deploy.Placement;
import io.atlas.deploy.SchemaFolder;
import io.atlas.deploy.StrictSchemas;
import io.atlas.strimzi.AccessControl;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.ObjectNode;

/** PostgreSQL, Redis and the backup job: where they run, how they persist, who may reach them. */
class DataStoresTest {

    static PodSpec backupPod() {
        return PostgresResources.backupCronJob().getSpec().getJobTemplate().getSpec().getTemplate().getSpec();
    }

    @Test
    void shouldRunTheStatefulPiecesOnOnDemandDataNodesNeverEvictedByTheAutoscaler() {
        for (StatefulSet set : List.of(PostgresResources.statefulSet(), RedisResources.statefulSet())) {
            PodSpec pod = set.getSpec().getTemplate().getSpec();

            assertThat(pod.getAffinity()).as(set.getMetadata().getName()).isEqualTo(Placement.DATA.affinity());
            assertThat(pod.getTolerations()).isEqualTo(Placement.DATA.tolerations());
            assertThat(set.getSpec().getTemplate().getMetadata().getAnnotations())
                    .containsEntry(NodeGroup.SAFE_TO_EVICT, "false");
            assertThat(pod.getSecurityContext().getRunAsNonRoot()).isTrue();
            assertThat(pod.getContainers().get(0).getSecurityContext().getReadOnlyRootFilesystem()).isTrue();
        }
    }

    @Test
    void shouldStreamChangesFromPostgresqlThroughLogicalDecoding() {
        assertThat(PostgresResources.statefulSet().getSpec().getTemplate().getSpec().getContainers().get(0).getArgs())
                .containsSubsequence("-c", "wal_level=logical");
    }

    @Test
    void shouldBackUpDailyWithTheScriptAndArgumentsOfPostgresBackup() {
        CronJob backup = PostgresResources.backupCronJob();

        assertThat(backup.getSpec().getSchedule()).isEqualTo("0 2 * * *");
        assertThat(backup.getSpec().getConcurrencyPolicy()).isEqualTo("Forbid");
        assertThat(backupPod().getContainers().get(0).getCommand()).isEqualTo(PostgresBackup.command(
                PostgresBackup.mountedScript(), PostgresBackup.backupArguments(PostgresBackup.BACKUP_DIR, "public")))
                .containsSubsequence("--retention-days", "30");
        assertThat(PostgresResources.backupScript().getData()).containsExactly(
                Map.entry(PostgresBackup.SCRIPT, PostgresBackup.script()));
        assertThat(PostgresBackup.script()).startsWith("#!/usr/bin/env bash");
    }

    @Test
    void shouldRunTheBackupBesidePostgresqlWhichMountsTheSameVolume() {
        assertThat(backupPod().getAffinity().getPodAffinity().getRequiredDuringSchedulingIgnoredDuringExecution())
                .singleElement().satisfies(term -> {
                    assertThat(term.getTopologyKey()).isEqualTo("kubernetes.io/hostname");
                    assertThat(term.getLabelSelector().getMatchLabels())
                            .isEqualTo(Map.of(AppLabels.NAME, PostgresResources.NAME));
                });
        for (PodSpec pod : List.of(backupPod(), PostgresResources.statefulSet().getSpec().getTemplate().getSpec())) {
            assertThat(pod.getVolumes()).filteredOn(volume -> volume.getPersistentVolumeClaim() != null)
                    .extracting(volume -> volume.getPersistentVolumeClaim().getClaimName())
                    .containsExactly(PostgresResources.BACKUP_VOLUME);
        }
    }

    @Test
    void shouldPersistRedisHourlyAndEverySecondWithinItsMemoryLimit() {
        Map<String, String> config = new TreeMap<>();
        RedisResources.CONFIG.lines().map(line -> line.split(" ", 2)).forEach(kv -> config.put(kv[0], kv[1]));

        assertThat(config).containsEntry("save", "3600 1").containsEntry("appendonly", "yes")
                .containsEntry("appendfsync", "everysec").containsEntry("dir", "/data");
        long maxMemory = Long.parseLong(config.get("maxmemory").replace("mb", "")) << 20;
        Quantity limit = RedisResources.statefulSet().getSpec().getTemplate().getSpec().getContainers().get(0)
                .getResources().getLimits().get("memory");
        assertThat(maxMemory).isLessThan(Quantity.getAmountInBytes(limit).longValue());
        assertThat(RedisResources.config().getData().get(RedisResources.CONFIG_FILE)).isEqualTo(RedisResources.CONFIG);
    }

    @Test
    void shouldAdmitOnlyTheCatalogsClientsToPostgresqlAndRedis() {
        assertThat(clients(NetworkPolicyResources.forExternal(Application.External.POSTGRESQL)))
                .containsExactlyInAnyOrder(Applications.INGEST_CDC.name(), PostgresResources.BACKUP,
                        CdcRollForward.NAME);
        assertThat(clients(NetworkPolicyResources.forExternal(Application.External.REDIS)))
                .containsExactly(Applications.WS_GATEWAY.name());
        assertThat(NetworkPolicyResources.forExternal(Application.External.REDIS).getSpec().getEgress())
                .isNullOrEmpty();
        assertThat(NetworkPolicyResources.backupJob().getSpec().getEgress()).extracting(rule ->
                rule.getPorts().get(0).getPort().getIntVal()).containsExactly(53, PostgresResources.PORT);
    }

    @Test
    void shouldKeepTheRollForwardInCdcsPodAsTheReadOnlyRestoreUserUntilAPersonStartsIt() {
        CronJob rollForward = CdcRollForward.cronJob();
        PodSpec pod = rollForward.getSpec().getJobTemplate().getSpec().getTemplate().getSpec();
        var container = pod.getContainers().get(0);

        assertThat(rollForward.getSpec().getSuspend()).isTrue();
        assertThat(container.getCommand()).isEqualTo(CdcRollForward.command());
        assertThat(container.getImage()).isEqualTo(WorkloadResources.deployment(Applications.INGEST_CDC).getSpec()
                .getTemplate().getSpec().getContainers().get(0).getImage());
        assertThat(container.getEnv()).filteredOn(env -> env.getName().equals(WorkloadResources.JAAS_ENV))
                .singleElement().satisfies(env -> assertThat(env.getValueFrom().getSecretKeyRef().getName())
                        .isEqualTo(AccessControl.CDC_RESTORE_USER));
        assertThat(container.getReadinessProbe()).isNull();
        assertThat(pod.getRestartPolicy()).isEqualTo("Never");
        assertThat(NetworkPolicyResources.rollForwardJob().getSpec().getEgress()).extracting(rule ->
                rule.getPorts().get(0).getPort().getIntVal()).containsExactly(53, 9093, PostgresResources.PORT);
    }

    @Test
    void shouldRejectAMisspeltFieldInTheBackupJobStrictly() {
        ObjectNode cronJob = (ObjectNode) StrictSchemas.toTree(PostgresResources.backupCronJob());
        ((ObjectNode) cronJob.path("spec").path("jobTemplate").path("spec")).put("backofLimit", 2);

        assertThat(StrictSchemas.load(SchemaFolder.locate()).validate(cronJob))
                .anySatisfy(error -> assertThat(error).contains("backofLimit"));
    }

    private static List<String> clients(NetworkPolicy policy) {
        return policy.getSpec().getIngress().get(0).getFrom().stream()
                .map(peer -> peer.getPodSelector().getMatchLabels().get(AppLabels.NAME)).toList();
    }
}
