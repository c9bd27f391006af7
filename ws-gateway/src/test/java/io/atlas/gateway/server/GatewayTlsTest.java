package io.atlas.gateway.server;

import io.atlas.local.junit.WithKafka;
import io.atlas.local.kafka.KafkaCluster;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** With a keystore configured the gateway serves wss:// (self-signed certificate made by keytool) and not ws://. */
@WithKafka
class GatewayTlsTest {

    @Test
    void shouldServeWssFromTheKeystore(KafkaCluster kafka, @TempDir Path dir) throws Exception {
        Path keystore = dir.resolve("gateway.p12");
        Process keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair", "-alias", "gateway", "-keyalg", "RSA", "-keysize", "2048", "-validity", "2",
                "-dname", "CN=127.0.0.1", "-storetype", "PKCS12", "-keystore", keystore.toString(),
                "-storepass", "changeit", "-keypass", "changeit").redirectErrorStream(true).start();
        keytool.getInputStream().readAllBytes();
        assertThat(keytool.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(keytool.exitValue()).isZero();
        try (Fixtures fixtures = new Fixtures(kafka);
             Gateway tls = Fixtures.start(kafka, Map.of(GatewayConfig.TLS_KEYSTORE, keystore.toString(),
                     GatewayConfig.TLS_KEYSTORE_PASSWORD, "changeit"))) {
            try (TestClient client = TestClient.connectTls(tls.port())) {
                assertThat(client.nextOp("welcome").path("token").asText()).isNotBlank();
                client.send("{\"op\":\"ping\",\"id\":\"p\"}");
                assertThat(client.reply("p").path("op").asText()).isEqualTo("ack");
            }
            assertThatThrownBy(() -> TestClient.connect(tls.port(), Map.of())).isInstanceOf(Exception.class);
        }
    }
}
