package io.atlas.gateway.session;

import io.atlas.gateway.protocol.SymbolPattern;

import java.util.List;

/**
 * Who a connection is: the client id that rate limits and connection limits count against, the symbols its token
 * allows, and when the token expires.
 *
 * @param allowed         patterns the client may subscribe within; null means any symbol
 * @param expiresAtMillis token expiry, epoch millis; 0 means no expiry (no token in use)
 * @param authenticated   false until a valid token is presented, when authentication is required
 */
public record ClientIdentity(String clientId, List<SymbolPattern> allowed, long expiresAtMillis,
                             boolean authenticated) {

    public static ClientIdentity anonymous(String clientId, boolean authenticated) {
        return new ClientIdentity(clientId, null, 0, authenticated);
    }

    /** Whether every symbol {@code pattern} can match is allowed by the token. */
    public boolean allows(SymbolPattern pattern) {
        if (allowed == null) {
            return true;
        }
        for (SymbolPattern a : allowed) {
            if (pattern.coveredBy(a)) {
                return true;
            }
        }
        return false;
    }
}
