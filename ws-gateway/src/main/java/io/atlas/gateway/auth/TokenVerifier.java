package io.atlas.gateway.auth;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.jwk.source.ImmutableSecret;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.proc.BadJWTException;
import com.nimbusds.jwt.proc.ConfigurableJWTProcessor;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import io.atlas.gateway.protocol.SymbolPattern;
import io.atlas.gateway.session.ClientIdentity;

import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Checks a client's JWT (HS256 with a shared secret, or RS256 against a JWKS file or URL) and turns its claims into a
 * {@link ClientIdentity}: {@code sub} is the client id, {@code exp} is required, and an optional {@code symbols}
 * claim (array of patterns such as {@code "S00*"}, {@code "venue:XNAS"}) bounds what the client may subscribe to.
 * Thread-safe.
 */
public final class TokenVerifier {

    public static final String SYMBOLS_CLAIM = "symbols";

    /** Why a token was refused; the message is safe to show the client. */
    public static final class InvalidTokenException extends Exception {
        private final boolean expired;

        InvalidTokenException(String message, boolean expired) {
            super(message, null, false, false);
            this.expired = expired;
        }

        public boolean expired() {
            return expired;
        }
    }

    private final ConfigurableJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();

    private TokenVerifier(JWKSource<SecurityContext> keys, JWSAlgorithm algorithm) {
        processor.setJWSKeySelector(new JWSVerificationKeySelector<>(algorithm, keys));
        DefaultJWTClaimsVerifier<SecurityContext> claims = new DefaultJWTClaimsVerifier<>(null,
                new JWTClaimsSet.Builder().build(), Set.of("sub", "exp"));
        claims.setMaxClockSkew(5);
        processor.setJWTClaimsSetVerifier(claims);
    }

    /** HS256 tokens signed with {@code secret} (at least 32 bytes). */
    public static TokenVerifier hmac(String secret) {
        byte[] bytes = secret.getBytes(StandardCharsets.UTF_8);
        if (bytes.length < 32) {
            throw new IllegalArgumentException("the HMAC secret must be at least 32 bytes");
        }
        return new TokenVerifier(new ImmutableSecret<>(bytes), JWSAlgorithm.HS256);
    }

    /** RS256 tokens checked against the keys of a JWKS document at {@code location} (http(s) URL or file path). */
    public static TokenVerifier jwks(String location) throws IOException, ParseException {
        JWKSource<SecurityContext> source;
        if (location.startsWith("http://") || location.startsWith("https://")) {
            source = JWKSourceBuilder.<SecurityContext>create(URI.create(location).toURL()).build();
        } else {
            source = new ImmutableJWKSet<>(JWKSet.load(new File(location)));
        }
        return new TokenVerifier(source, JWSAlgorithm.RS256);
    }

    public ClientIdentity verify(String token) throws InvalidTokenException {
        JWTClaimsSet claims;
        try {
            claims = processor.process(token, null);
        } catch (BadJWTException e) {
            boolean expired = e.getMessage() != null && e.getMessage().toLowerCase().contains("expired");
            throw new InvalidTokenException(expired ? "token expired" : "bad token claims: " + e.getMessage(),
                    expired);
        } catch (ParseException e) {
            throw new InvalidTokenException("malformed token", false);
        } catch (BadJOSEException e) {
            throw new InvalidTokenException("token signature or algorithm not accepted", false);
        } catch (Exception e) {
            throw new InvalidTokenException("token could not be verified: " + e.getClass().getSimpleName(), false);
        }
        List<SymbolPattern> allowed = null;
        Object symbols = claims.getClaim(SYMBOLS_CLAIM);
        if (symbols != null) {
            if (!(symbols instanceof List<?> list)) {
                throw new InvalidTokenException("the symbols claim must be an array of patterns", false);
            }
            allowed = new ArrayList<>();
            for (Object item : list) {
                SymbolPattern pattern = item instanceof String text ? SymbolPattern.parse(text) : null;
                if (pattern == null) {
                    throw new InvalidTokenException("the symbols claim holds a bad pattern: " + item, false);
                }
                allowed.add(pattern);
            }
        }
        return new ClientIdentity(claims.getSubject(), allowed, claims.getExpirationTime().getTime(), true);
    }
}
