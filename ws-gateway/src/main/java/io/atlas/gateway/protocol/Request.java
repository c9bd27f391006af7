package io.atlas.gateway.protocol;

import java.util.List;
import java.util.Map;
import java.util.Set;

/** A client request, parsed and validated by {@link RequestParser}. Every request carries the client's {@code id}. */
public sealed interface Request {

    String id();

    /**
     * Subscribe to predictions of the symbols and patterns; the subscription is named by the request id.
     *
     * @param maxRate most updates per second per symbol for this subscription; 0 means every update
     */
    record Subscribe(String id, List<SymbolPattern> patterns, double maxRate, Set<ModelKind> models)
            implements Request {
        public Subscribe {
            patterns = List.copyOf(patterns);
            models = Set.copyOf(models);
        }

        public boolean matches(String symbol, String venue, boolean shadow) {
            if (!models.contains(ModelKind.of(shadow))) {
                return false;
            }
            for (SymbolPattern pattern : patterns) {
                if (pattern.matches(symbol, venue)) {
                    return true;
                }
            }
            return false;
        }
    }

    /** Drop the subscription made by the subscribe request whose id was {@code subscription}. */
    record Unsubscribe(String id, String subscription) implements Request {
    }

    /** Ask for an ack, to measure round trips or keep intermediaries from closing an idle connection. */
    record Ping(String id) implements Request {
    }

    /**
     * Continue a former session: its subscriptions come back, and what was missed since the positions (the client's
     * own, else the session's last saved ones) is replayed from Kafka.
     *
     * @param token     the resume token from the former connection's {@code welcome} frame
     * @param positions partition → offset of the last data frame the client received, may be empty
     */
    record Resume(String id, String token, Map<Integer, Long> positions) implements Request {
        public Resume {
            positions = Map.copyOf(positions);
        }
    }

    /** Present a (new) JWT: authenticates a connection opened without one, or refreshes it before it expires. */
    record Auth(String id, String token) implements Request {
    }
}
