package io.atlas.strimzi;

import io.atlas.deploy.Manifest;
import java.util.ArrayList;
import java.util.List;

/** Every Strimzi manifest of the production deployment, file by file, in apply order. */
public final class StrimziManifests {

    private StrimziManifests() {
    }

    public static List<Manifest> render() {
        return List.of(
                new Manifest("10-kafka-cluster.yaml", KafkaClusterResources.all()),
                new Manifest("20-topics.yaml", new ArrayList<>(TopicResources.all())),
                new Manifest("30-users.yaml", new ArrayList<>(UserResources.all())),
                new Manifest("90-dr-mirror.yaml", List.of(MirrorResources.metricsConfigMap(), MirrorResources.mirror(),
                        MirrorResources.podMonitor(), MirrorResources.rpoAlert()), Manifest.Region.DR));
    }
}
