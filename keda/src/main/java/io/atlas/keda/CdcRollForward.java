package io.atlas.keda;

import io.atlas.catalog.Applications;
import io.atlas.deploy.Placement;
import io.atlas.strimzi.AccessControl;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The last step of a PostgreSQL restore as a Job template: ingest's roll-forward (rewrite instruments and model
 * releases from their compacted topics, create CDC's slot, move CDC's position to it) in CDC's own pod, as the
 * Kafka user {@value AccessControl#CDC_RESTORE_USER}. A suspended CronJob never runs by itself; the runbook starts
 * it with {@code kubectl create job --from=cronjob/ingest-cdc-roll-forward}.
 */
public final class CdcRollForward {

    public static final String NAME = "ingest-cdc-roll-forward";

    /** ingest's {@code io.atlas.ingest.restore.RollForward} (keda does not depend on ingest; its drill checks it). */
    public static final String MAIN_CLASS = "io.atlas.ingest.restore.RollForward";

    /** It holds the latest value of every key at once: up to 50 model releases of 8 MiB (StorageSizing). */
    static final Resources RESOURCES = new Resources("500m", "1", "2Gi");

    private CdcRollForward() {
    }

    public static List<String> command() {
        return List.of("java", "-cp", "/app/lib/*", MAIN_CLASS);
    }

    public static CronJob cronJob() {
        return CronJobs.of(NAME, Optional.empty(), Duration.ofMinutes(30), 0, Placement.ON_DEMAND,
                WorkloadResources.oneOffPod(Applications.INGEST_CDC, NAME, command(), AccessControl.CDC_RESTORE_USER,
                        RESOURCES));
    }
}
