package io.atlas.ops;

/**
 * The answer of a liveness or readiness check: up or not, and a short reason a person can act on.
 *
 * @param up     whether the check passes
 * @param detail what the check saw, e.g. {@code "streams RUNNING"} or {@code "catching up: 1200 records behind"}
 */
public record Health(boolean up, String detail) {

    public static Health up(String detail) {
        return new Health(true, detail);
    }

    public static Health down(String detail) {
        return new Health(false, detail);
    }
}
