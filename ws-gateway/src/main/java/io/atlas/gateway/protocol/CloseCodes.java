package io.atlas.gateway.protocol;

/**
 * WebSocket close codes the gateway uses. The standard ones keep their RFC 6455 meaning; the 4000 range is the
 * gateway's own and documented in README.md.
 */
public final class CloseCodes {

    /** Normal close, e.g. the client closed. */
    public static final int NORMAL = 1000;
    /** The gateway is shutting down (drain): reconnect, to another replica, and resume with the token. */
    public static final int GOING_AWAY = 1001;
    /** A frame broke the gateway's hard frame limit (Jetty's own check, above the request size limit). */
    public static final int MESSAGE_TOO_BIG = 1009;
    /** The gateway is restarting; same meaning for clients as {@link #GOING_AWAY}. */
    public static final int SERVICE_RESTART = 1012;
    /** The client stayed behind past the slow-consumer limit: its outbound queue stayed full. */
    public static final int SLOW_CONSUMER = 4000;
    /** The client's token expired and was not refreshed with an {@code auth} request in time. */
    public static final int TOKEN_EXPIRED = 4001;
    /** The connection did not authenticate within the authentication timeout. */
    public static final int AUTH_TIMEOUT = 4002;
    /** The client kept sending requests after being rate limited. */
    public static final int RATE_LIMITED = 4003;

    private CloseCodes() {
    }

    /** A bounded label for metrics: the code's name, or {@code other}. */
    public static String label(int code) {
        return switch (code) {
            case NORMAL -> "normal";
            case GOING_AWAY -> "going_away";
            case 1006 -> "abnormal";
            case 1008 -> "policy";
            case MESSAGE_TOO_BIG -> "message_too_big";
            case 1011 -> "server_error";
            case SERVICE_RESTART -> "service_restart";
            case SLOW_CONSUMER -> "slow_consumer";
            case TOKEN_EXPIRED -> "token_expired";
            case AUTH_TIMEOUT -> "auth_timeout";
            case RATE_LIMITED -> "rate_limited";
            default -> "other";
        };
    }
}
