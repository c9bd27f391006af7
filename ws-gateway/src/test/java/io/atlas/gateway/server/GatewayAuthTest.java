package io.atlas.gateway.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.atlas.local.junit.WithKafka;
import io.atlas.local.kafka.KafkaCluster;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** JWT on the upgrade and in band, symbol claims, rate and connection limits, Origin allow-list. */
@WithKafka
class GatewayAuthTest {

    private static final String SECRET = "a-test-secret-of-at-least-32-bytes!!";
    private static Fixtures fixtures;
    private static Gateway hmac;
    private static Gateway jwks;
    private static RSAKey rsa;

    @BeforeAll
    static void start(KafkaCluster kafka, @TempDir Path dir) throws Exception {
        fixtures = new Fixtures(kafka);
        hmac = Fixtures.start(kafka, Map.of(GatewayConfig.AUTH, "jwt", GatewayConfig.JWT_HMAC_SECRET, SECRET,
                GatewayConfig.RATE_LIMIT, "10", GatewayConfig.MAX_CONNECTIONS_PER_CLIENT, "2",
                GatewayConfig.ALLOWED_ORIGINS, "https://app.example.com"));
        rsa = new RSAKeyGenerator(2048).keyID("k1").generate();
        Path file = dir.resolve("jwks.json");
        Files.writeString(file, new JWKSet(rsa.toPublicJWK()).toString());
        jwks = Fixtures.start(kafka, Map.of(GatewayConfig.AUTH, "jwt", GatewayConfig.JWKS, file.toString()));
    }

    @AfterAll
    static void stop() {
        hmac.close();
        jwks.close();
        fixtures.close();
    }

    private static String hs256(String secret, String subject, long expiresInMillis, List<String> symbols)
            throws Exception {
        JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder().subject(subject)
                .expirationTime(new Date(System.currentTimeMillis() + expiresInMillis));
        if (symbols != null) {
            claims.claim("symbols", symbols);
        }
        SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims.build());
        jwt.sign(new MACSigner(secret.getBytes()));
        return jwt.serialize();
    }

    private static Map<String, String> bearer(String token) {
        return Map.of("Authorization", "Bearer " + token);
    }

    private static String client() {
        return "client-" + UUID.randomUUID();
    }

    @Test
    void shouldRequireAuthBeforeSubscribingWhenConnectedWithoutToken() throws Exception {
        try (TestClient c = TestClient.connect(hmac.port(), Map.of())) {
            assertThat(c.nextOp("welcome").path("authenticated").asBoolean()).isFalse();
            c.send("{\"op\":\"subscribe\",\"id\":\"s\",\"symbols\":[\"A\"]}");
            assertThat(c.reply("s").path("code").asText()).isEqualTo("AUTH_REQUIRED");
            c.send("{\"op\":\"auth\",\"id\":\"a\",\"token\":\"" + hs256(SECRET, client(), 60_000, null) + "\"}");
            assertThat(c.reply("a").path("expiresAt").asLong()).isGreaterThan(System.currentTimeMillis());
            c.send("{\"op\":\"subscribe\",\"id\":\"s2\",\"symbols\":[\"A\"]}");
            assertThat(c.reply("s2").path("op").asText()).isEqualTo("ack");
        }
    }

    @Test
    void shouldRefuseUpgradeWithGarbageExpiredOrForgedToken() throws Exception {
        for (String token : List.of("not-a-jwt", hs256(SECRET, client(), -60_000, null),
                hs256("another-secret-of-at-least-32-bytes!!", client(), 60_000, null))) {
            assertThatThrownBy(() -> TestClient.connect(hmac.port(), bearer(token)))
                    .hasStackTraceContaining("401");
        }
    }

    @Test
    void shouldAnswerForgedInBandTokenWithBadToken() throws Exception {
        try (TestClient c = TestClient.connect(hmac.port(), Map.of())) {
            c.send("{\"op\":\"auth\",\"id\":\"a\",\"token\":\""
                    + hs256("another-secret-of-at-least-32-bytes!!", client(), 60_000, null) + "\"}");
            assertThat(c.reply("a").path("code").asText()).isEqualTo("BAD_TOKEN");
        }
    }

    @Test
    void shouldRefuseSymbolsOutsideTheClaim() throws Exception {
        String token = hs256(SECRET, client(), 60_000, List.of("ALW*", "venue:XNAS"));
        try (TestClient c = TestClient.connect(hmac.port(), Map.of("Authorization", "Bearer " + token))) {
            c.send("{\"op\":\"subscribe\",\"id\":\"ok\",\"symbols\":[\"ALW1\"],\"patterns\":[\"venue:XNAS\"]}");
            assertThat(c.reply("ok").path("op").asText()).isEqualTo("ack");
            c.send("{\"op\":\"subscribe\",\"id\":\"no\",\"symbols\":[\"OTHER\"]}");
            assertThat(c.reply("no").path("code").asText()).isEqualTo("FORBIDDEN_SYMBOL");
            c.send("{\"op\":\"subscribe\",\"id\":\"all\",\"patterns\":[\"*\"]}");
            assertThat(c.reply("all").path("code").asText()).isEqualTo("FORBIDDEN_SYMBOL");
        }
    }

    @Test
    void shouldRateLimitRequestsPerClient() throws Exception {
        String token = hs256(SECRET, client(), 60_000, null);
        try (TestClient c = TestClient.connect(hmac.port(), bearer(token))) {
            for (int i = 0; i < 10; i++) {
                c.send("{\"op\":\"ping\",\"id\":\"p" + i + "\"}");
                assertThat(c.reply("p" + i).path("op").asText()).isEqualTo("ack");
            }
            c.send("{\"op\":\"ping\",\"id\":\"over\"}");
            JsonNode error = c.nextOp("error");
            assertThat(error.path("code").asText()).isEqualTo("RATE_LIMITED");
        }
    }

    @Test
    void shouldLimitConnectionsPerClient() throws Exception {
        String token = hs256(SECRET, client(), 60_000, null);
        try (TestClient a = TestClient.connect(hmac.port(), bearer(token));
             TestClient b = TestClient.connect(hmac.port(), bearer(token))) {
            assertThatThrownBy(() -> TestClient.connect(hmac.port(), bearer(token))).hasStackTraceContaining("429");
        }
    }

    @Test
    void shouldRefuseOriginsNotAllowed() throws Exception {
        String token = hs256(SECRET, client(), 60_000, null);
        assertThatThrownBy(() -> TestClient.connect(hmac.port(), Map.of("Authorization", "Bearer " + token,
                "Origin", "https://evil.example.com"))).hasStackTraceContaining("403");
        try (TestClient ok = TestClient.connect(hmac.port(), Map.of("Authorization", "Bearer " + token,
                "Origin", "https://app.example.com"))) {
            assertThat(ok.nextOp("welcome").path("authenticated").asBoolean()).isTrue();
        }
    }

    @Test
    void shouldCloseWith4001WhenTheTokenExpiresUnrefreshed() throws Exception {
        try (TestClient c = TestClient.connect(hmac.port(), bearer(hs256(SECRET, client(), 1_500, null)))) {
            assertThat(c.awaitClose()).isEqualTo(4001);
        }
    }

    @Test
    void shouldAcceptRs256TokensFromTheJwks() throws Exception {
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID("k1").build(),
                new JWTClaimsSet.Builder().subject(client())
                        .expirationTime(new Date(System.currentTimeMillis() + 60_000)).build());
        jwt.sign(new RSASSASigner(rsa));
        try (TestClient c = TestClient.connect(jwks.port(), bearer(jwt.serialize()))) {
            assertThat(c.nextOp("welcome").path("authenticated").asBoolean()).isTrue();
        }
        assertThatThrownBy(() -> TestClient.connect(jwks.port(), bearer(hs256(SECRET, client(), 60_000, null))))
                .hasStackTraceContaining("401");
    }
}
