package io.atlas.gateway.session;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * Issues and checks resume tokens: {@code <session id>.<HMAC-SHA256 of it>}, base64url. Every replica that shares the
 * secret accepts the tokens of the others; a forged or altered token fails the MAC. Thread-safe.
 */
public final class ResumeTokens {

    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder B64D = Base64.getUrlDecoder();

    private final SecretKeySpec key;
    private final SecureRandom random = new SecureRandom();

    public ResumeTokens(byte[] secret) {
        this.key = new SecretKeySpec(secret, "HmacSHA256");
    }

    public String newSessionId() {
        byte[] id = new byte[16];
        random.nextBytes(id);
        return B64.encodeToString(id);
    }

    public String tokenFor(String sessionId) {
        return sessionId + "." + B64.encodeToString(mac(sessionId));
    }

    /** The session id {@code token} was issued for, or null when it is malformed or its MAC is wrong. */
    public String sessionIdOf(String token) {
        int dot = token.indexOf('.');
        if (dot <= 0 || dot == token.length() - 1) {
            return null;
        }
        String id = token.substring(0, dot);
        byte[] given;
        try {
            given = B64D.decode(token.substring(dot + 1));
        } catch (IllegalArgumentException e) {
            return null;
        }
        return MessageDigest.isEqual(given, mac(id)) ? id : null;
    }

    private byte[] mac(String sessionId) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            return mac.doFinal(sessionId.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }
}
