package io.atlas.gateway.protocol;

import java.util.Locale;

/** Which predictions a subscription wants: those of the ACTIVE release, of SHADOW releases, or both. */
public enum ModelKind {
    ACTIVE, SHADOW;

    public static ModelKind of(boolean shadow) {
        return shadow ? SHADOW : ACTIVE;
    }

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The kind named {@code name} on the wire, or null. */
    public static ModelKind fromWire(String name) {
        return switch (name) {
            case "active" -> ACTIVE;
            case "shadow" -> SHADOW;
            default -> null;
        };
    }
}
