package io.atlas.schemas;

import org.apache.avro.specific.SpecificRecord;
import org.apache.avro.util.ClassSecurityValidator;
import org.apache.avro.util.ClassSecurityValidator.ClassSecurityPredicate;

/**
 * Adds the Atlas generated event classes to Avro's global class trust list, keeping whatever was trusted before.
 *
 * <p>Since 1.12.2 Avro refuses to load any class by schema name unless trusted, including an application's own
 * generated records, so decoding a {@code MarketTick} would fail with a {@code SecurityException}. Trust is limited to
 * records and enums in {@code io.atlas.events}: the classes the schemas in this module generate. {@code AvroSerde} and
 * {@code EdgeJson} call this themselves; code that uses the generated classes' own decoders must call it first.
 */
public final class AvroTrust {

    private static final String EVENTS_PACKAGE = "io.atlas.events";
    private static boolean installed;

    private AvroTrust() {
    }

    /** Trusts the generated event classes; later calls do nothing. */
    public static synchronized void trustEventClasses() {
        if (installed) {
            return;
        }
        ClassSecurityPredicate events = AvroTrust::isEventClass;
        ClassSecurityValidator.setGlobal(ClassSecurityValidator.composite(ClassSecurityValidator.getGlobal(), events));
        installed = true;
    }

    private static boolean isEventClass(Class<?> type) {
        return EVENTS_PACKAGE.equals(type.getPackageName())
                && (SpecificRecord.class.isAssignableFrom(type) || type.isEnum());
    }
}
