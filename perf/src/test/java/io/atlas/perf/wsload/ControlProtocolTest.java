package io.atlas.perf.wsload;

import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ControlProtocolTest {

    @Test
    void shouldRejectTextItDidNotEncode() {
        assertThatThrownBy(() -> ControlProtocol.decode("bm90IGEgaGlzdG9ncmFt"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("not an encoded histogram");
        assertThatThrownBy(() -> ControlProtocol.decode("not base64!"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void shouldNameALogConfigurationOnTheClasspathThatKeepsStdoutForAnswers() throws Exception {
        try (InputStream config = ControlProtocol.class.getClassLoader().getResourceAsStream(
                ControlProtocol.LOG_CONFIG)) {
            assertThat(config).isNotNull();
            assertThat(new String(config.readAllBytes(), StandardCharsets.UTF_8))
                    .contains("target = SYSTEM_ERR").doesNotContain("SYSTEM_OUT");
        }
    }
}
