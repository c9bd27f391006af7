package io.atlas.ingest.bridge;

import io.atlas.events.MarketTick;
import java.util.Objects;

/** What the validator decided about one raw tick: the tick to publish, or why it was refused. */
public sealed interface Verdict {

    /** A valid tick, stamped with the bridge's ingest time. */
    record Accepted(MarketTick tick) implements Verdict {
        public Accepted {
            Objects.requireNonNull(tick, "tick");
        }
    }

    /** A refused record: a reason code and a human message naming the field and value. */
    record Rejected(RejectReason reason, String message) implements Verdict {
        public Rejected {
            Objects.requireNonNull(reason, "reason");
            Objects.requireNonNull(message, "message");
        }
    }
}
