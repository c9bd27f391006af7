package io.atlas.gateway.protocol;

/**
 * The codes an {@code error} frame carries, one per way a client request can be refused. The code is stable and
 * machine-readable; the frame's {@code reason} is for humans and may change.
 */
public enum ErrorCode {
    /** The text frame is not valid JSON. */
    MALFORMED_JSON,
    /** The frame is valid JSON but not a JSON object. */
    NOT_AN_OBJECT,
    /** {@code op} is missing, not a string, or not one of subscribe, unsubscribe, ping, resume, auth. */
    UNKNOWN_OP,
    /** {@code id} is missing, not a string, empty or longer than 64 characters. */
    MISSING_ID,
    /** A field has the wrong JSON type (e.g. {@code symbols} is not an array of strings). */
    BAD_FIELD,
    /** A subscribe names neither symbols nor patterns, or an empty list of them. */
    EMPTY_SUBSCRIPTION,
    /** A subscribe names more symbols and patterns than the per-request limit. */
    TOO_MANY_SYMBOLS,
    /** A symbol or pattern is not well formed (see the pattern grammar). */
    BAD_PATTERN,
    /** {@code maxRate} is not a number in the allowed range. */
    BAD_MAX_RATE,
    /** {@code models} names something other than {@code active} or {@code shadow}, or is empty. */
    UNKNOWN_MODEL,
    /** The text frame is longer than the gateway's request size limit. */
    FRAME_TOO_LARGE,
    /** A binary frame was sent; the protocol is text JSON only. */
    BINARY_NOT_SUPPORTED,
    /** A subscribe or resume was sent before the connection authenticated, while authentication is required. */
    AUTH_REQUIRED,
    /** The resume token is malformed, forged, or names a session the gateway no longer holds. */
    BAD_RESUME_TOKEN,
    /** A resume's {@code positions} are not an object of partition number to non-negative offset. */
    BAD_POSITIONS,
    /** An unsubscribe names a subscription id this connection does not hold. */
    NOT_SUBSCRIBED,
    /** A subscribe reuses the id of a subscription this connection still holds. */
    DUPLICATE_SUBSCRIPTION,
    /** The connection already holds the maximum number of subscriptions. */
    TOO_MANY_SUBSCRIPTIONS,
    /** A symbol or pattern lies outside what the client's token allows. */
    FORBIDDEN_SYMBOL,
    /** The token in an {@code auth} request is malformed, forged, expired or for another client. */
    BAD_TOKEN,
    /** The client sent more requests than its rate limit allows; the request was not processed. */
    RATE_LIMITED,
    /** The gateway failed while serving the request (e.g. the session store is unreachable). */
    INTERNAL
}
