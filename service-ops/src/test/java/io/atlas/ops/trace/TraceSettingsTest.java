package io.atlas.ops.trace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.atlas.ops.EnvConfig;

import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.util.Map;

class TraceSettingsTest {

    private static final class Settings extends EnvConfig {
        Settings(Map<String, String> env) {
            super(TraceSettings.define(new ConfigDef()), env);
        }
    }

    private static TraceSettings parse(Map<String, String> env) {
        return TraceSettings.from(new Settings(env));
    }

    @Test
    void shouldBeOffBySampleOnePercentAndPointAtALocalCollector() {
        TraceSettings settings = parse(Map.of());

        assertThat(settings.exporter()).isEqualTo(TraceSettings.Exporter.NONE);
        assertThat(settings.sampleRatio()).isEqualTo(0.01);
        assertThat(settings.endpoint()).isEqualTo(URI.create("http://localhost:4318/v1/traces"));
    }

    @Test
    void shouldReadTheExporterRatioAndEndpoint() {
        TraceSettings settings = parse(Map.of(TraceSettings.EXPORTER, "OTLP", TraceSettings.SAMPLE_RATIO, "1",
                TraceSettings.OTLP_ENDPOINT, "http://jaeger:4318/"));

        assertThat(settings.exporter()).isEqualTo(TraceSettings.Exporter.OTLP);
        assertThat(settings.sampleRatio()).isEqualTo(1.0);
        assertThat(settings.endpoint()).isEqualTo(URI.create("http://jaeger:4318/v1/traces"));
    }

    @Test
    void shouldKeepAnEndpointThatNamesItsPath() {
        assertThat(parse(Map.of(TraceSettings.OTLP_ENDPOINT, "https://otel.example.com/custom/traces")).endpoint())
                .isEqualTo(URI.create("https://otel.example.com/custom/traces"));
    }

    @Test
    void shouldRejectAnUnknownExporter() {
        assertThatThrownBy(() -> parse(Map.of(TraceSettings.EXPORTER, "jaeger")))
                .isInstanceOf(ConfigException.class).hasMessageContaining(TraceSettings.EXPORTER);
    }

    @Test
    void shouldRejectARatioAboveOne() {
        assertThatThrownBy(() -> parse(Map.of(TraceSettings.SAMPLE_RATIO, "1.5")))
                .isInstanceOf(ConfigException.class).hasMessageContaining(TraceSettings.SAMPLE_RATIO);
    }

    @Test
    void shouldRejectANegativeRatio() {
        assertThatThrownBy(() -> parse(Map.of(TraceSettings.SAMPLE_RATIO, "-0.1")))
                .isInstanceOf(ConfigException.class).hasMessageContaining(TraceSettings.SAMPLE_RATIO);
    }

    @Test
    void shouldRejectAnEndpointThatIsNotHttp() {
        assertThatThrownBy(() -> parse(Map.of(TraceSettings.OTLP_ENDPOINT, "localhost:4317")))
                .isInstanceOf(ConfigException.class).hasMessageContaining(TraceSettings.OTLP_ENDPOINT);
    }
}
