package io.atlas.ops.trace;

import io.opentelemetry.api.common.AttributeKey;

/**
 * The span attribute keys Atlas sets, declared once so every service and the trace test name them alike. Values are
 * bounded facts of one tick (its symbol, the model that scored it), never free text.
 */
public final class TraceAttributes {

    public static final AttributeKey<String> SYMBOL = AttributeKey.stringKey("atlas.symbol");
    public static final AttributeKey<String> MODEL_ID = AttributeKey.stringKey("atlas.model.id");
    public static final AttributeKey<Long> MODEL_VERSION = AttributeKey.longKey("atlas.model.version");
    public static final AttributeKey<Long> TICK_SEQUENCE = AttributeKey.longKey("atlas.tick.sequence");
    /** The dead letter's reason code, on the span that refused the record. */
    public static final AttributeKey<String> DEAD_LETTER_REASON = AttributeKey.stringKey("atlas.dead_letter.reason");
    /** Set on a span that wrote a dead letter: such a span is always sampled ({@link AtlasSampler}). */
    public static final AttributeKey<Boolean> DEAD_LETTER = AttributeKey.booleanKey("atlas.dead_letter");
    /** Set on a span that failed: such a span is always sampled ({@link AtlasSampler}). */
    public static final AttributeKey<Boolean> ERROR = AttributeKey.booleanKey("atlas.error");
    /** Fan-out: WebSocket clients whose socket write of the update completed while the span was open. */
    public static final AttributeKey<Long> CLIENTS_WRITTEN = AttributeKey.longKey("atlas.clients.written");
    /** Fan-out: clients that did not get this update (replaced by a newer one, dropped, or disconnected). */
    public static final AttributeKey<Long> CLIENTS_SKIPPED = AttributeKey.longKey("atlas.clients.skipped");

    private TraceAttributes() {
    }
}
