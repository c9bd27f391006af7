package io.atlas.gateway.fanout;

import io.atlas.events.Prediction;
import io.atlas.gateway.protocol.SymbolPattern;
import io.atlas.schemas.json.EdgeJson;

import java.nio.charset.StandardCharsets;

/** Turns a decoded {@link Prediction} and its Kafka position into an {@link Update}, encoding its JSON once. */
public final class UpdateEncoder {

    private final EdgeJson json = new EdgeJson();

    /** The update, or null when the symbol is not one the protocol can carry (then it is counted and skipped). */
    public Update encode(Prediction prediction, int partition, long offset) {
        String symbol = prediction.getSymbol().toString();
        if (SymbolPattern.exact(symbol) == null) {
            return null;
        }
        String body = new String(json.write(prediction), StandardCharsets.UTF_8);
        return new Update(symbol, prediction.getVenue().toString(), prediction.getShadow(), partition, offset,
                prediction.getExchangeTimeMicros(), prediction.getIngestTimeMicros(), prediction.getScoreStartMicros(),
                prediction.getScoreEndMicros(), prediction.getModelVersion(), body);
    }
}
