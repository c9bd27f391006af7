package io.atlas.local.launch;

import io.atlas.catalog.Application;
import io.atlas.catalog.Applications;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class AtlasServicesTest {

    @Test
    void shouldRunEveryApplicationOfTheCatalog() {
        assertThat(AtlasServices.all()).extracting(ServiceSpec::name)
                .containsExactlyInAnyOrderElementsOf(Applications.all().stream().map(Application::name).toList());
    }

    @Test
    void shouldStartReferenceDataBeforeTheServicesThatNeedIt() {
        assertThat(AtlasServices.all()).extracting(ServiceSpec::name)
                .containsSubsequence("ingest-cdc", "ingest-bridge", "inference-stream");
    }

    @Test
    void shouldRunEachFromAModuleOfThisCheckout() {
        assertThat(AtlasServices.all()).allSatisfy(spec ->
                assertThat(Path.of("..", spec.module(), "pom.xml")).as(spec.name()).isRegularFile());
    }

    @Test
    void shouldStartTheAnalyticsSinkFromItsModulesSource() {
        ServiceSpec sink = AtlasServices.analyticsSink();

        assertThat(Path.of("..", sink.module(), "src", "main", "java",
                sink.mainClass().replace('.', '/') + ".java")).isRegularFile();
    }

    @Test
    void shouldTellTheScorerTheSignalTheSimulatorPlants() {
        ServiceSpec simulator = spec(Applications.INGEST_SIMULATE.name());
        ServiceSpec scorer = spec(Applications.INFERENCE_STREAM.name());

        assertThat(simulator.args()).containsSequence("--signal-strength", AtlasServices.SIGNAL_STRENGTH)
                .containsSequence("--move-probability", AtlasServices.MOVE_PROBABILITY);
        assertThat(scorer.env()).containsEntry(AtlasServices.SCORER_SIGNAL_STRENGTH, AtlasServices.SIGNAL_STRENGTH)
                .containsEntry(AtlasServices.SCORER_MOVE_PROBABILITY, AtlasServices.MOVE_PROBABILITY);
    }

    private static ServiceSpec spec(String name) {
        return AtlasServices.all().stream().filter(spec -> spec.name().equals(name)).findFirst().orElseThrow();
    }

    @Test
    void shouldShowTheGatewayPageToTheUser() {
        assertThat(AtlasServices.all()).filteredOn(spec -> spec.name().equals(Applications.WS_GATEWAY.name()))
                .singleElement().extracting(ServiceSpec::userUrl)
                .isEqualTo("http://127.0.0.1:" + Applications.GATEWAY_WEBSOCKET_PORT + "/");
    }

    @Test
    void shouldShowTheGatewayWebSocketEndpointToTheUser() {
        assertThat(AtlasServices.all()).filteredOn(spec -> spec.name().equals(Applications.WS_GATEWAY.name()))
                .singleElement().extracting(ServiceSpec::webSocketUrl)
                .isEqualTo("ws://127.0.0.1:" + Applications.GATEWAY_WEBSOCKET_PORT + "/ws");
        assertThat(AtlasServices.all()).filteredOn(spec -> !spec.name().equals(Applications.WS_GATEWAY.name()))
                .extracting(ServiceSpec::webSocketUrl).containsOnly("");
    }
}
