package io.atlas.keda;

import io.atlas.catalog.Application;
import io.atlas.catalog.Applications;
import io.atlas.deploy.Manifest;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.ArrayList;
import java.util.List;

/**
 * Every workload, network, scaling and observability manifest of the Atlas applications, file by file, in apply
 * order; traces kept in Jaeger's memory unless another {@link TraceStorage} is chosen.
 */
public final class KedaManifests {

    private KedaManifests() {
    }

    public static List<Manifest> render() {
        return render(TraceStorage.DEVELOPMENT);
    }

    public static List<Manifest> render(TraceStorage traceStorage) {
        List<Manifest> manifests = new ArrayList<>();
        manifests.add(new Manifest("10-kafka-client.yaml", List.of(WorkloadResources.kafkaClientConfig())));
        List<HasMetadata> postgresql = new ArrayList<>(PostgresResources.all());
        postgresql.add(CdcRollForward.cronJob());
        manifests.add(new Manifest("15-postgresql.yaml", postgresql));
        manifests.add(new Manifest("16-redis.yaml", RedisResources.all()));
        for (Application application : Applications.all()) {
            manifests.add(new Manifest("20-" + application.name() + ".yaml", WorkloadResources.of(application)));
        }
        manifests.add(new Manifest("30-network-policies.yaml", new ArrayList<>(NetworkPolicyResources.all())));
        manifests.add(new Manifest("40-scaling.yaml", ScalerResources.all()));
        manifests.add(new Manifest("45-vertical-scaling.yaml", VerticalScaling.resources()));
        manifests.add(new Manifest("50-alerts.yaml", List.of(AlertRules.prometheusRule())));
        manifests.add(new Manifest("60-dashboards.yaml", new ArrayList<>(Dashboards.all())));
        manifests.add(new Manifest("70-tracing.yaml", TracingResources.all(traceStorage)));
        manifests.add(new Manifest("90-dr-validation.yaml", DrValidation.all(), Manifest.Region.DR));
        return manifests;
    }
}
