package io.atlas.keda;

import io.atlas.deploy.Placement;
import io.atlas.ops.trace.TraceSettings;
import io.atlas.strimzi.ClusterNames;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.ContainerPortBuilder;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.ProbeBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.ServicePortBuilder;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import io.fabric8.kubernetes.api.model.VolumeMountBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * Builds the tracing path in the {@code monitoring} namespace: the Atlas services export OTLP to one OpenTelemetry
 * Collector ({@link CollectorConfig}: tail sampling), which forwards the kept traces to a Jaeger v2 all-in-one
 * ({@link JaegerConfig}) storing them in the chosen {@link TraceStorage}; also the tracing variables every Atlas
 * container gets.
 */
public final class TracingResources {

    public static final String NAMESPACE = ClusterNames.MONITORING_NAMESPACE;
    public static final String COLLECTOR = "atlas-otel-collector";
    public static final String JAEGER = "atlas-jaeger";
    public static final String COLLECTOR_IMAGE = "otel/opentelemetry-collector-contrib:0.160.0";
    public static final String JAEGER_IMAGE = "jaegertracing/jaeger:2.20.0";

    public static final int OTLP_GRPC_PORT = 4317;
    public static final int OTLP_HTTP_PORT = 4318;
    public static final int COLLECTOR_HEALTH_PORT = 13133;
    public static final int JAEGER_UI_PORT = 16686;
    public static final int JAEGER_HEALTH_PORT = 13133;

    /**
     * Head sampling in the services: one tick in ten starts a trace. At 20,000 ticks/s that is the ~2,000 traces/s
     * the collector's tail sampling is sized for; raise it to catch more slow traces at the cost of collector memory.
     */
    public static final String SERVICE_SAMPLE_RATIO = "0.1";

    /** Single replicas holding spans in memory: never on spot, where a reclaim would drop them mid-trace. */
    static final Placement PLACEMENT = Placement.ON_DEMAND;

    private static final String CONFIG_FILE = "config.yaml";
    private static final String CONFIG_DIR = "/etc/otelcol";
    // Sorted keys: the configuration text (and its hash annotation) must not change between renders.
    private static final YAMLMapper YAML = YAMLMapper.builder()
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS).build();

    private TracingResources() {
    }

    /** Collector and Jaeger, each as ConfigMap, Deployment and Service, in apply order. */
    public static List<HasMetadata> all(TraceStorage storage) {
        List<HasMetadata> resources = new ArrayList<>();
        ConfigMap collectorConfig = configMap(COLLECTOR, CollectorConfig.config());
        resources.add(collectorConfig);
        resources.add(deployment(collectorConfig, COLLECTOR_IMAGE, "/", List.of(port("otlp-grpc", OTLP_GRPC_PORT),
                port("otlp-http", OTLP_HTTP_PORT), port("health", COLLECTOR_HEALTH_PORT)),
                new Resources("250m", "1", "1Gi")));
        resources.add(service(COLLECTOR, List.of(servicePort("otlp-grpc", OTLP_GRPC_PORT),
                servicePort("otlp-http", OTLP_HTTP_PORT))));
        ConfigMap jaegerConfig = configMap(JAEGER, JaegerConfig.config(storage));
        resources.add(jaegerConfig);
        // healthcheckv2 (Jaeger) answers on /status; the collector's health_check on /.
        resources.add(deployment(jaegerConfig, JAEGER_IMAGE, "/status", List.of(port("otlp-grpc", OTLP_GRPC_PORT),
                port("ui", JAEGER_UI_PORT), port("health", JAEGER_HEALTH_PORT)), new Resources("250m", "1", "2Gi")));
        resources.add(service(JAEGER, List.of(servicePort("otlp-grpc", OTLP_GRPC_PORT),
                servicePort("ui", JAEGER_UI_PORT))));
        return resources;
    }

    /** The variables that send a service's spans to the collector over OTLP/HTTP. */
    public static List<EnvVar> serviceEnv() {
        return List.of(
                new EnvVarBuilder().withName(TraceSettings.EXPORTER).withValue("otlp").build(),
                new EnvVarBuilder().withName(TraceSettings.OTLP_ENDPOINT).withValue(collectorEndpoint()).build(),
                new EnvVarBuilder().withName(TraceSettings.SAMPLE_RATIO).withValue(SERVICE_SAMPLE_RATIO).build());
    }

    public static String collectorEndpoint() {
        return "http://" + COLLECTOR + "." + NAMESPACE + ".svc:" + OTLP_HTTP_PORT;
    }

    /** The labels of the collector's or Jaeger's pods; the Atlas network policies select the collector by them. */
    public static Map<String, String> labels(String name) {
        Map<String, String> labels = new TreeMap<>();
        labels.put(AppLabels.NAME, name);
        labels.put(AppLabels.PART_OF, AppLabels.PART_OF_VALUE);
        return labels;
    }

    /** OTLP over gRPC and HTTP on all interfaces (the collector's default binds localhost only). */
    static Map<String, Object> otlpProtocols() {
        Map<String, Object> protocols = new LinkedHashMap<>();
        protocols.put("grpc", Map.of("endpoint", "0.0.0.0:" + OTLP_GRPC_PORT));
        protocols.put("http", Map.of("endpoint", "0.0.0.0:" + OTLP_HTTP_PORT));
        return protocols;
    }

    private static ConfigMap configMap(String name, Map<String, Object> config) {
        return new ConfigMapBuilder()
                .withNewMetadata().withName(name).withNamespace(NAMESPACE).withLabels(labels(name)).endMetadata()
                .withData(Map.of(CONFIG_FILE, YAML.writeValueAsString(config)))
                .build();
    }

    // One replica each: tail sampling needs every span of a trace in one collector, and in-memory Jaeger is one store.
    private static Deployment deployment(ConfigMap config, String image, String healthPath,
            List<ContainerPort> ports, Resources resources) {
        String name = config.getMetadata().getName();
        return new DeploymentBuilder()
                .withNewMetadata().withName(name).withNamespace(NAMESPACE).withLabels(labels(name)).endMetadata()
                .withNewSpec()
                    .withReplicas(1)
                    .withNewSelector().withMatchLabels(Map.of(AppLabels.NAME, name)).endSelector()
                    .withNewStrategy().withType("Recreate").endStrategy()
                    .withNewTemplate()
                        .withNewMetadata()
                            .withLabels(labels(name))
                            .withAnnotations(annotations(config))
                        .endMetadata()
                        .withNewSpec()
                            .withAutomountServiceAccountToken(false)
                            .withEnableServiceLinks(false)
                            .withNewSecurityContext()
                                .withRunAsNonRoot(true)
                                .withRunAsUser((long) WorkloadResources.RUN_AS_USER)
                                .withRunAsGroup((long) WorkloadResources.RUN_AS_USER)
                                .withNewSeccompProfile().withType("RuntimeDefault").endSeccompProfile()
                            .endSecurityContext()
                            .withAffinity(PLACEMENT.affinity())
                            .withTolerations(PLACEMENT.tolerations())
                            .addNewContainer()
                                .withName(name)
                                .withImage(image)
                                .withImagePullPolicy("IfNotPresent")
                                .withArgs("--config=" + CONFIG_DIR + "/" + CONFIG_FILE)
                                .withPorts(ports)
                                .withResources(resources.requirements())
                                .withLivenessProbe(health(healthPath, 10, 3))
                                .withReadinessProbe(health(healthPath, 5, 2))
                                .withSecurityContext(WorkloadResources.hardenedContainer())
                                .withVolumeMounts(
                                        new VolumeMountBuilder().withName("config").withMountPath(CONFIG_DIR)
                                                .withReadOnly(true).build(),
                                        new VolumeMountBuilder().withName("tmp").withMountPath("/tmp").build())
                            .endContainer()
                            .withVolumes(
                                    new VolumeBuilder().withName("config").withNewConfigMap().withName(name)
                                            .endConfigMap().build(),
                                    new VolumeBuilder().withName("tmp").withNewEmptyDir().endEmptyDir().build())
                        .endSpec()
                    .endTemplate()
                .endSpec()
                .build();
    }

    private static Map<String, String> annotations(ConfigMap config) {
        Map<String, String> annotations = new TreeMap<>(PLACEMENT.podAnnotations());
        // A changed configuration must roll the pod: neither reloads its file.
        annotations.put("atlas.io/config-hash", Integer.toHexString(config.getData().get(CONFIG_FILE).hashCode()));
        return annotations;
    }

    private static Probe health(String path, int periodSeconds, int failureThreshold) {
        return new ProbeBuilder()
                .withNewHttpGet().withPath(path).withPort(new IntOrString("health")).endHttpGet()
                .withPeriodSeconds(periodSeconds)
                .withFailureThreshold(failureThreshold)
                .withTimeoutSeconds(2)
                .build();
    }

    private static Service service(String name, List<ServicePort> ports) {
        return new ServiceBuilder()
                .withNewMetadata().withName(name).withNamespace(NAMESPACE).withLabels(labels(name)).endMetadata()
                .withNewSpec()
                    .withType("ClusterIP")
                    .withSelector(Map.of(AppLabels.NAME, name))
                    .withPorts(ports)
                .endSpec()
                .build();
    }

    private static ContainerPort port(String name, int port) {
        return new ContainerPortBuilder().withName(name).withContainerPort(port).withProtocol("TCP").build();
    }

    private static ServicePort servicePort(String name, int port) {
        return new ServicePortBuilder().withName(name).withPort(port).withTargetPort(new IntOrString(name))
                .withProtocol("TCP").build();
    }
}
