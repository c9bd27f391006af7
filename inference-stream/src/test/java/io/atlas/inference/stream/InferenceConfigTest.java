package io.atlas.inference.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.atlas.ops.EnvConfig;
import io.atlas.ops.KafkaConnection;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.streams.StreamsConfig;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;

import org.junit.jupiter.api.Test;

class InferenceConfigTest {

    private static Map<String, String> env(String... pairs) {
        Map<String, String> env = new HashMap<>();
        env.put(KafkaConnection.BOOTSTRAP, "127.0.0.1:9092");
        for (int i = 0; i < pairs.length; i += 2) {
            env.put(pairs[i], pairs[i + 1]);
        }
        return env;
    }

    @Test
    void shouldDefaultToExactlyOnceWithAHundredMillisecondCommit() {
        InferenceConfig config = new InferenceConfig(env());

        Properties streams = InferenceApp.streamsProperties(config);

        assertThat(streams.get(StreamsConfig.APPLICATION_ID_CONFIG)).isEqualTo(InferenceConfig.APPLICATION_ID);
        assertThat(streams.get(StreamsConfig.PROCESSING_GUARANTEE_CONFIG)).isEqualTo("exactly_once_v2");
        assertThat(streams.get(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG)).isEqualTo(100L);
        assertThat(streams.get(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG)).isEqualTo("127.0.0.1:9092");
        assertThat(config.trainOnStart()).isFalse();
    }

    @Test
    void shouldJoinAsAStaticMemberNamedAfterTheInstance() {
        Properties streams = InferenceApp.streamsProperties(new InferenceConfig(env(InferenceConfig.INSTANCE_ID,
                "inference-stream-7d9f")));

        assertThat(streams.get(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG))
                .isEqualTo(InferenceConfig.APPLICATION_ID + "-inference-stream-7d9f");
    }

    @Test
    void shouldNameTheInstanceAfterTheHostByDefault() throws Exception {
        assertThat(new InferenceConfig(env()).instanceId())
                .isEqualTo(InetAddress.getLocalHost().getHostName());
    }

    @Test
    void shouldAcceptAtLeastOnce() {
        assertThat(new InferenceConfig(env(InferenceConfig.PROCESSING_GUARANTEE, "at_least_once"))
                .processingGuarantee()).isEqualTo("at_least_once");
    }

    @Test
    void shouldRejectAnUnknownProcessingGuarantee() {
        assertThatThrownBy(() -> new InferenceConfig(env(InferenceConfig.PROCESSING_GUARANTEE, "exactly_once")))
                .isInstanceOf(ConfigException.class).hasMessageContaining(InferenceConfig.PROCESSING_GUARANTEE);
    }

    @Test
    void shouldRejectAMissingBootstrap() {
        Map<String, String> env = env();
        env.remove(KafkaConnection.BOOTSTRAP);
        assertThatThrownBy(() -> new InferenceConfig(env))
                .isInstanceOf(ConfigException.class).hasMessageContaining(KafkaConnection.BOOTSTRAP);
    }

    @Test
    void shouldRejectAZeroCommitInterval() {
        assertThatThrownBy(() -> new InferenceConfig(env(InferenceConfig.COMMIT_INTERVAL_MS, "0")))
                .isInstanceOf(ConfigException.class).hasMessageContaining(InferenceConfig.COMMIT_INTERVAL_MS);
    }

    @Test
    void shouldRejectZeroThreads() {
        assertThatThrownBy(() -> new InferenceConfig(env(InferenceConfig.NUM_THREADS, "0")))
                .isInstanceOf(ConfigException.class).hasMessageContaining(InferenceConfig.NUM_THREADS);
    }

    @Test
    void shouldRejectAHorizonBeyondAThousandTicks() {
        assertThatThrownBy(() -> new InferenceConfig(env(InferenceConfig.HORIZON_TICKS, "1001")))
                .isInstanceOf(ConfigException.class).hasMessageContaining(InferenceConfig.HORIZON_TICKS);
    }

    @Test
    void shouldRejectTooFewTrainingTicks() {
        assertThatThrownBy(() -> new InferenceConfig(env(InferenceConfig.TRAIN_TICKS, "10")))
                .isInstanceOf(ConfigException.class).hasMessageContaining(InferenceConfig.TRAIN_TICKS);
    }

    @Test
    void shouldRejectANonBooleanTrainOnStart() {
        assertThatThrownBy(() -> new InferenceConfig(env(InferenceConfig.TRAIN_ON_START, "sometimes")))
                .isInstanceOf(ConfigException.class).hasMessageContaining(InferenceConfig.TRAIN_ON_START);
    }

    @Test
    void shouldKnowNoPlantedSignalUnlessTold() {
        assertThat(new InferenceConfig(env()).simulatedSignal()).isEmpty();
    }

    @Test
    void shouldReadThePlantedSignalOfSimulatedTicks() {
        InferenceConfig config = new InferenceConfig(env(InferenceConfig.SIMULATED_SIGNAL_STRENGTH, "2.0",
                InferenceConfig.SIMULATED_MOVE_PROBABILITY, "0.5"));

        assertThat(config.simulatedSignal()).hasValueSatisfying(signal -> {
            assertThat(signal.strength()).isEqualTo(2.0);
            assertThat(signal.moveProbability()).isEqualTo(0.5);
        });
    }

    @Test
    void shouldRejectANegativeSignalStrength() {
        assertThatThrownBy(() -> new InferenceConfig(env(InferenceConfig.SIMULATED_SIGNAL_STRENGTH, "-1",
                InferenceConfig.SIMULATED_MOVE_PROBABILITY, "0.5")))
                .isInstanceOf(ConfigException.class).hasMessageContaining(InferenceConfig.SIMULATED_SIGNAL_STRENGTH);
    }

    @Test
    void shouldRejectASignalStrengthThatIsNotANumber() {
        assertThatThrownBy(() -> new InferenceConfig(env(InferenceConfig.SIMULATED_SIGNAL_STRENGTH, "NaN",
                InferenceConfig.SIMULATED_MOVE_PROBABILITY, "0.5")))
                .isInstanceOf(ConfigException.class).hasMessageContaining(InferenceConfig.SIMULATED_SIGNAL_STRENGTH);
    }

    @Test
    void shouldRejectAMoveProbabilityOfZero() {
        assertThatThrownBy(() -> new InferenceConfig(env(InferenceConfig.SIMULATED_SIGNAL_STRENGTH, "2",
                InferenceConfig.SIMULATED_MOVE_PROBABILITY, "0")))
                .isInstanceOf(ConfigException.class).hasMessageContaining(InferenceConfig.SIMULATED_MOVE_PROBABILITY);
    }

    @Test
    void shouldRejectAMoveProbabilityAboveOne() {
        assertThatThrownBy(() -> new InferenceConfig(env(InferenceConfig.SIMULATED_SIGNAL_STRENGTH, "2",
                InferenceConfig.SIMULATED_MOVE_PROBABILITY, "1.5")))
                .isInstanceOf(ConfigException.class).hasMessageContaining(InferenceConfig.SIMULATED_MOVE_PROBABILITY);
    }

    @Test
    void shouldRejectASignalStrengthWithoutItsMoveProbability() {
        assertThatThrownBy(() -> new InferenceConfig(env(InferenceConfig.SIMULATED_SIGNAL_STRENGTH, "2")))
                .isInstanceOf(ConfigException.class).hasMessageContaining(InferenceConfig.SIMULATED_MOVE_PROBABILITY);
    }

    @Test
    void shouldRejectAMoveProbabilityWithoutItsSignalStrength() {
        assertThatThrownBy(() -> new InferenceConfig(env(InferenceConfig.SIMULATED_MOVE_PROBABILITY, "0.5")))
                .isInstanceOf(ConfigException.class).hasMessageContaining(InferenceConfig.SIMULATED_SIGNAL_STRENGTH);
    }

    @Test
    void shouldDocumentEveryVariableInTheModuleReadme() throws IOException {
        String readme = Files.readString(Path.of("README.md"));

        assertThat(readme).as("README.md's configuration table is stale")
                .contains(EnvConfig.markdownTable(InferenceConfig.DEFINITION));
    }
}
