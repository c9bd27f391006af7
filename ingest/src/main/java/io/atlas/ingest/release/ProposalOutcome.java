package io.atlas.ingest.release;

import java.util.Locale;

/**
 * What became of a proposed first model.
 *
 * @param version the version released ({@link Kind#RELEASED}), already holding these bytes
 *                ({@link Kind#ALREADY_RELEASED}) or ACTIVE instead ({@link Kind#NOT_NEEDED}); 0 for {@link Kind#INVALID}
 * @param detail  why, for the log
 */
public record ProposalOutcome(Kind kind, int version, String detail) {

    public enum Kind {
        /** Inserted as the model's next version, ACTIVE. */
        RELEASED,
        /** A version of the model already holds these bytes: nothing written. */
        ALREADY_RELEASED,
        /** The model has an ACTIVE release: a first model is not needed, nothing written. */
        NOT_NEEDED,
        /** The proposal breaks the contract (no bytes, or bytes that do not hash to its digest): nothing written. */
        INVALID;

        /** The bounded tag value, e.g. {@code already_released}. */
        public String tag() {
            return name().toLowerCase(Locale.ROOT);
        }
    }
}
