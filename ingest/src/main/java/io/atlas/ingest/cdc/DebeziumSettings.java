package io.atlas.ingest.cdc;

import io.atlas.catalog.Topics;
import java.util.Map;
import java.util.Properties;

/** The Debezium engine and PostgreSQL connector settings Atlas uses, from its configuration. */
public final class DebeziumSettings {

    private DebeziumSettings() {
    }

    /**
     * @param clientSettings Kafka client settings (bootstrap servers, security) for the offset store
     * @param offsetsTopic   where the engine keeps its offsets ({@code atlas.cdc.offsets})
     */
    public static Properties of(CdcConfig config, PgTarget target, Map<String, Object> clientSettings,
                                String offsetsTopic) {
        Properties p = new Properties();
        clientSettings.forEach((key, value) -> p.setProperty(key, String.valueOf(value)));
        p.setProperty("name", config.name());
        p.setProperty("connector.class", "io.debezium.connector.postgresql.PostgresConnector");
        p.setProperty("offset.storage", "org.apache.kafka.connect.storage.KafkaOffsetBackingStore");
        p.setProperty("offset.storage.topic", offsetsTopic);
        p.setProperty("offset.storage.partitions", Integer.toString(Topics.CDC_OFFSETS.partitions()));
        p.setProperty("offset.storage.replication.factor", Short.toString(config.offsetsReplicationFactor()));
        p.setProperty("offset.flush.interval.ms", Long.toString(config.offsetFlushInterval().toMillis()));
        p.setProperty("database.hostname", target.host());
        p.setProperty("database.port", Integer.toString(target.port()));
        p.setProperty("database.user", target.user());
        p.setProperty("database.password", target.password() == null ? "" : target.password());
        p.setProperty("database.dbname", target.database());
        p.setProperty("topic.prefix", config.name());
        p.setProperty("plugin.name", "pgoutput");
        p.setProperty("slot.name", config.slot());
        p.setProperty("publication.name", config.publication());
        // The migrations own the publication.
        p.setProperty("publication.autocreate.mode", "disabled");
        p.setProperty("schema.include.list", target.schema());
        p.setProperty("table.include.list", target.schema() + ".instruments," + target.schema() + ".model_releases");
        p.setProperty("snapshot.mode", "initial");
        p.setProperty("poll.interval.ms", Long.toString(config.pollInterval().toMillis()));
        // Deletes become Atlas tombstones in the mapper; Debezium's own would be a second one.
        p.setProperty("tombstones.on.delete", "false");
        p.setProperty("binary.handling.mode", "bytes");
        p.setProperty("decimal.handling.mode", "double");
        p.setProperty("unavailable.value.placeholder", ChangeMapper.UNAVAILABLE);
        return p;
    }
}
