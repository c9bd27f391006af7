package io.atlas.keda;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.atlas.deploy.SchemaFolder;
import io.atlas.deploy.StrictSchemas;
import io.atlas.ops.trace.TraceSettings;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

class TracingResourcesTest {

    static final YAMLMapper YAML = YAMLMapper.builder().build();

    static <T extends HasMetadata> T named(List<HasMetadata> resources, Class<T> type, String name) {
        return resources.stream().filter(type::isInstance).map(type::cast)
                .filter(resource -> resource.getMetadata().getName().equals(name)).findFirst().orElseThrow();
    }

    /** The configuration file as the container reads it from its ConfigMap. */
    static JsonNode config(TraceStorage storage, String name) {
        ConfigMap map = named(TracingResources.all(storage), ConfigMap.class, name);
        return YAML.readTree(map.getData().values().iterator().next());
    }

    static JsonNode policy(JsonNode collector, String type) {
        for (JsonNode policy : collector.path("processors").path("tail_sampling").path("policies")) {
            if (type.equals(policy.path("type").asString())) {
                return policy;
            }
        }
        throw new AssertionError("no " + type + " policy");
    }

    @Test
    void shouldWireEveryCollectorPipelineToDefinedComponents() {
        assertThat(CollectorPipelines.problems(config(TraceStorage.DEVELOPMENT, TracingResources.COLLECTOR)))
                .isEmpty();
        assertThat(CollectorPipelines.problems(config(TraceStorage.DEVELOPMENT, TracingResources.JAEGER))).isEmpty();
    }

    @Test
    void shouldReportAPipelineNamingAnUndefinedComponent() {
        ObjectNode collector = (ObjectNode) config(TraceStorage.DEVELOPMENT, TracingResources.COLLECTOR);
        ((ArrayNode) collector.path("service").path("pipelines").path("traces").path("processors")).add("filter");
        ((ArrayNode) collector.path("service").path("extensions")).add("pprof");

        assertThat(CollectorPipelines.problems(collector)).containsExactly(
                "service.extensions names 'pprof', which extensions does not define",
                "pipeline traces names processors 'filter', which processors does not define");
    }

    @Test
    void shouldKeepSlowAndFailedTracesAndAShareOfTheRest() {
        JsonNode collector = config(TraceStorage.DEVELOPMENT, TracingResources.COLLECTOR);

        assertThat(policy(collector, "latency").path("latency").path("threshold_ms").asInt())
                .isEqualTo(CollectorConfig.SLOW_TRACE_MS).isEqualTo(250);
        assertThat(policy(collector, "status_code").path("status_code").path("status_codes").get(0).asString())
                .isEqualTo("ERROR");
        assertThat(policy(collector, "probabilistic").path("probabilistic").path("sampling_percentage").asInt())
                .isEqualTo(CollectorConfig.BASELINE_PERCENT);
        assertThat(collector.path("service").path("pipelines").path("traces").path("processors"))
                .extracting(JsonNode::asString).containsExactly("memory_limiter", "tail_sampling", "batch");
    }

    @Test
    void shouldExportToThePortJaegerReceivesOtlpOn() {
        List<HasMetadata> resources = TracingResources.all(TraceStorage.DEVELOPMENT);
        Service jaeger = named(resources, Service.class, TracingResources.JAEGER);
        String endpoint = config(TraceStorage.DEVELOPMENT, TracingResources.COLLECTOR).path("exporters")
                .path("otlp/jaeger").path("endpoint").asString();
        JsonNode jaegerReceiver = config(TraceStorage.DEVELOPMENT, TracingResources.JAEGER).path("receivers")
                .path("otlp").path("protocols").path("grpc").path("endpoint");

        assertThat(endpoint).isEqualTo(jaeger.getMetadata().getName() + "." + jaeger.getMetadata().getNamespace()
                + ".svc:" + TracingResources.OTLP_GRPC_PORT);
        assertThat(jaeger.getSpec().getPorts()).anySatisfy(port ->
                assertThat(port.getPort()).isEqualTo(TracingResources.OTLP_GRPC_PORT));
        assertThat(jaegerReceiver.asString()).endsWith(":" + TracingResources.OTLP_GRPC_PORT);
    }

    @Test
    void shouldKeepTracesInBoundedMemoryUnlessProductionStorageIsChosen() {
        JsonNode memory = config(TraceStorage.DEVELOPMENT, TracingResources.JAEGER).path("extensions");
        JsonNode elastic = config(new TraceStorage.Elasticsearch(List.of("https://es.example:9200"), "atlas"),
                TracingResources.JAEGER).path("extensions");

        assertThat(memory.path("jaeger_storage").path("backends").path("memory").path("memory").path("max_traces")
                .asInt()).isEqualTo(100_000);
        assertThat(memory.path("jaeger_query").path("storage").path("traces").asString()).isEqualTo("memory");
        assertThat(elastic.path("jaeger_storage").path("backends").path("elasticsearch").path("elasticsearch")
                .path("server_urls").get(0).asString()).isEqualTo("https://es.example:9200");
        assertThat(elastic.path("jaeger_query").path("storage").path("traces").asString()).isEqualTo("elasticsearch");
        assertThat(elastic.toString()).doesNotContain("memory");
        assertThatThrownBy(() -> new TraceStorage.Elasticsearch(List.of(), "atlas"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void shouldValidateProductionStorageStrictlyToo() {
        StrictSchemas schemas = StrictSchemas.load(SchemaFolder.locate());
        for (HasMetadata resource : TracingResources.all(new TraceStorage.Elasticsearch(
                List.of("https://es.example:9200"), "atlas"))) {
            assertThat(schemas.validate(resource)).as(resource.getMetadata().getName()).isEmpty();
        }
    }

    @Test
    void shouldPointEveryServiceAtTheCollectorsOtlpHttpPort() {
        Map<String, String> env = TracingResources.serviceEnv().stream()
                .collect(Collectors.toMap(EnvVar::getName, EnvVar::getValue));
        Deployment collector = named(TracingResources.all(TraceStorage.DEVELOPMENT), Deployment.class,
                TracingResources.COLLECTOR);

        assertThat(env).containsEntry(TraceSettings.EXPORTER, "otlp")
                .containsEntry(TraceSettings.OTLP_ENDPOINT, "http://atlas-otel-collector.monitoring.svc:4318")
                .containsKey(TraceSettings.SAMPLE_RATIO);
        assertThat(collector.getSpec().getTemplate().getSpec().getContainers().get(0).getPorts())
                .anySatisfy(port -> assertThat(port.getContainerPort()).isEqualTo(TracingResources.OTLP_HTTP_PORT));
        assertThat(WorkloadResources.deployment(io.atlas.catalog.Applications.WS_GATEWAY).getSpec().getTemplate()
                .getSpec().getContainers().get(0).getEnv()).containsAll(TracingResources.serviceEnv());
    }
}
