package io.atlas.keda;

import io.atlas.catalog.Application;
import io.atlas.catalog.Applications;
import io.atlas.deploy.Manifest;
import java.util.ArrayList;
import java.util.List;

/** Every workload, network and scaling manifest of the Atlas applications, file by file, in apply order. */
public final class KedaManifests {

    private KedaManifests() {
    }

    public static List<Manifest> render() {
        List<Manifest> manifests = new ArrayList<>();
        manifests.add(new Manifest("10-kafka-client.yaml", List.of(WorkloadResources.kafkaClientConfig())));
        for (Application application : Applications.all()) {
            manifests.add(new Manifest("20-" + application.name() + ".yaml", WorkloadResources.of(application)));
        }
        manifests.add(new Manifest("30-network-policies.yaml", new ArrayList<>(NetworkPolicyResources.all())));
        manifests.add(new Manifest("40-scaling.yaml", ScalerResources.all()));
        manifests.add(new Manifest("50-alerts.yaml", List.of(AlertRules.prometheusRule())));
        manifests.add(new Manifest("60-dashboards.yaml", new ArrayList<>(Dashboards.all())));
        return manifests;
    }
}
