package io.atlas.keda;

import io.atlas.deploy.Placement;
import io.atlas.strimzi.ClusterNames;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.kubernetes.api.model.batch.v1.CronJobBuilder;
import java.time.Duration;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The CronJobs Atlas renders (the backup, the DR validation, the restore's roll-forward) share their shape: never two
 * runs at once, a deadline, a few finished Jobs kept for their logs, pods labelled as Atlas pods (so the default-deny
 * policy covers them) and annotated for the cluster autoscaler as their placement says.
 */
final class CronJobs {

    /** Required by the API for a suspended CronJob, never reached: it runs only when a person creates a Job. */
    static final String NEVER = "0 0 1 1 *";

    private CronJobs() {
    }

    /**
     * @param schedule when it runs (in {@link PostgresBackup#TIME_ZONE}); empty for a suspended template
     * @param retries how many times a failed run is retried before its Job fails
     */
    static CronJob of(String name, Optional<String> schedule, Duration deadline, int retries, Placement placement,
            PodSpec pod) {
        return new CronJobBuilder()
                .withNewMetadata().withName(name).withNamespace(ClusterNames.NAMESPACE)
                    .withLabels(DataStores.labels(name)).endMetadata()
                .withNewSpec()
                    .withSuspend(schedule.isEmpty() ? true : null)
                    .withSchedule(schedule.orElse(NEVER))
                    .withTimeZone(schedule.isPresent() ? PostgresBackup.TIME_ZONE : null)
                    .withConcurrencyPolicy("Forbid")
                    .withStartingDeadlineSeconds(schedule.isPresent() ? 3600L : null)
                    .withSuccessfulJobsHistoryLimit(3)
                    .withFailedJobsHistoryLimit(3)
                    .withNewJobTemplate()
                        .withNewSpec()
                            .withBackoffLimit(retries)
                            .withActiveDeadlineSeconds(deadline.toSeconds())
                            .withNewTemplate()
                                .withNewMetadata().withLabels(DataStores.labels(name))
                                    .withAnnotations(new TreeMap<>(placement.podAnnotations())).endMetadata()
                                .withSpec(pod)
                            .endTemplate()
                        .endSpec()
                    .endJobTemplate()
                .endSpec()
                .build();
    }
}
