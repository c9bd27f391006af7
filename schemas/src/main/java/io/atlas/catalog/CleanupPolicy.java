package io.atlas.catalog;

/** How Kafka discards old records of a topic: by age ({@code delete}) or by keeping the latest per key ({@code compact}). */
public enum CleanupPolicy {
    DELETE("delete"),
    COMPACT("compact");

    private final String configValue;

    CleanupPolicy(String configValue) {
        this.configValue = configValue;
    }

    /** The value of Kafka's {@code cleanup.policy} topic config. */
    public String configValue() {
        return configValue;
    }
}
