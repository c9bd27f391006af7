package io.atlas.ingest.cdc;

import org.apache.avro.specific.SpecificRecord;

/**
 * One captured row change, ready for Kafka: the target topic, the key, and the Avro value ({@code null} for a
 * delete: a tombstone).
 *
 * @param table            the source table, {@code instruments} or {@code model_releases}
 * @param op               Debezium's operation: {@code r} (snapshot read), {@code c}, {@code u}, {@code d}
 * @param sourceMillis     when the change committed in PostgreSQL (Debezium {@code source.ts_ms})
 * @param modelBytesMissing true when PostgreSQL did not send an unchanged TOASTed {@code model} column: the value's
 *                         {@code model} must be read from the table before publishing
 */
public record CdcChange(String topic, String table, String op, String key, SpecificRecord value, long sourceMillis,
                        boolean modelBytesMissing) {
}
