package io.atlas.gateway.protocol;

/** A request the gateway refuses, with the code and reason of the {@code error} frame that answers it. */
public final class ProtocolException extends Exception {

    private final ErrorCode code;
    private final String requestId;

    public ProtocolException(ErrorCode code, String requestId, String reason) {
        super(reason, null, false, false);
        this.code = code;
        this.requestId = requestId;
    }

    public ErrorCode code() {
        return code;
    }

    /** The request's {@code id} when it could be read, else null. */
    public String requestId() {
        return requestId;
    }

    public String reason() {
        return getMessage();
    }
}
