package io.atlas.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class ApplicationsTest {

    @Test
    void shouldNameOnlyCatalogTopics() {
        assertThat(Applications.all()).allSatisfy(app -> assertThat(Topics.all())
                .containsAll(app.reads()).containsAll(app.writes()));
    }

    @Test
    void shouldGiveEveryApplicationAUniqueName() {
        assertThat(Applications.all()).extracting(Application::name).doesNotHaveDuplicates().hasSize(5);
    }

    @Test
    void shouldGiveEveryConsumerGroupToOneApplication() {
        assertThat(Applications.all().stream().map(Application::consumerGroup).flatMap(Optional::stream))
                .doesNotHaveDuplicates()
                .containsExactlyInAnyOrder("atlas-ingest-bridge", "atlas-inference");
    }

    @Test
    void shouldNotShareTransactionalIdPrefixes() {
        assertThat(Applications.all().stream().map(Application::transactionalIdPrefix).flatMap(Optional::stream))
                .doesNotHaveDuplicates();
    }

    @Test
    void shouldPrefixStreamsInternalTopicsAndTransactionsWithTheApplicationId() {
        Application inference = Applications.INFERENCE_STREAM;

        assertThat(inference.consumerGroup()).contains("atlas-inference");
        assertThat(inference.internalTopicPrefix()).contains("atlas-inference-");
        assertThat(inference.transactionalIdPrefix()).contains("atlas-inference-");
    }

    @Test
    void shouldScaleOnLagOnlyOfATopicTheGroupReads() {
        assertThat(Applications.all()).allSatisfy(app -> {
            if (app.scaling() instanceof Application.Scaling.ConsumerLag lag) {
                assertThat(app.consumerGroup()).isPresent();
                assertThat(app.reads()).contains(lag.topic());
            }
        });
    }

    @Test
    void shouldRefuseLagScalingWithoutAConsumerGroup() {
        assertThatThrownBy(() -> Application.builder("x").main("m", "C").reads(Topics.TICKS)
                .scaling(new Application.Scaling.ConsumerLag(Topics.TICKS)).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("consumer group");
    }

    @Test
    void shouldKeepPortsApart() {
        assertThat(Applications.all()).allSatisfy(app -> {
            assertThat(app.opsPort()).isEqualTo(Application.DEFAULT_OPS_PORT);
            app.clientPort().ifPresent(port -> assertThat(port).isNotEqualTo(app.opsPort()));
        });
        assertThat(Stream.of(Applications.WS_GATEWAY.clientPort().getAsInt())).containsExactly(8088);
    }
}
