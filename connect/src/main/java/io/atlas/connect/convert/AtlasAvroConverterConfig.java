package io.atlas.connect.convert;

import io.atlas.catalog.Topic;
import io.atlas.catalog.Topics;
import io.atlas.schemas.SchemaReleases;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigException;

/**
 * Which Atlas contract an {@link AtlasAvroConverter} reads and writes: named by a catalog topic ({@value #TOPIC}) or
 * by the generated record class ({@value #RECORD}), exactly one of the two. Connect hands the converter its
 * {@code value.converter.*} settings without the prefix.
 */
public final class AtlasAvroConverterConfig extends AbstractConfig {

    public static final String TOPIC = "atlas.topic";
    public static final String RECORD = "atlas.record";

    static final ConfigDef CONFIG_DEF = new ConfigDef()
            .define(TOPIC, Type.STRING, "", new CatalogTopic(), Importance.HIGH,
                    "The Atlas catalog topic (io.atlas.catalog.Topics) whose value contract the records carry, e.g. "
                            + "atlas.predictions. It names the contract only: the connector may read the records "
                            + "under another topic name (a mirror, a test topic).")
            .define(RECORD, Type.STRING, "", new RecordClass(), Importance.HIGH,
                    "The generated Avro record class of the contract, e.g. io.atlas.events.Prediction; an "
                            + "alternative to " + TOPIC + ".");

    private final Class<? extends SpecificRecord> recordClass;

    public AtlasAvroConverterConfig(Map<?, ?> settings) {
        super(CONFIG_DEF, settings, false);
        String topic = getString(TOPIC);
        String record = getString(RECORD);
        if (topic.isBlank() == record.isBlank()) {
            throw new ConfigException("Set exactly one of " + TOPIC + " (a catalog topic, e.g. atlas.predictions) and "
                    + RECORD + " (a record class, e.g. io.atlas.events.Prediction); got " + TOPIC + "='" + topic
                    + "', " + RECORD + "='" + record + "'");
        }
        this.recordClass = topic.isBlank() ? RecordClass.load(record) : CatalogTopic.recordClassOf(topic);
    }

    /** The generated class of the contract: its schema is the current one, its releases are readable. */
    public Class<? extends SpecificRecord> recordClass() {
        return recordClass;
    }

    /** Accepts an empty value or the name of a catalog topic whose values are an Atlas Avro contract. */
    static final class CatalogTopic implements ConfigDef.Validator {

        @Override
        public void ensureValid(String name, Object value) {
            String topic = Objects.toString(value, "");
            if (!topic.isBlank() && avroTopics().stream().noneMatch(t -> t.name().equals(topic))) {
                throw new ConfigException(name, value, "not an Atlas topic with an Avro value; one of " + names());
            }
        }

        static Class<? extends SpecificRecord> recordClassOf(String topic) {
            Topic<?, ?> found = avroTopics().stream().filter(t -> t.name().equals(topic)).findFirst().orElseThrow();
            return RecordClass.load(found.valueSchema().getFullName());
        }

        private static List<Topic<?, ?>> avroTopics() {
            return Topics.all().stream().filter(topic -> topic.valueSchema() != null).toList();
        }

        private static List<String> names() {
            return avroTopics().stream().map(Topic::name).toList();
        }

        @Override
        public String toString() {
            return "one of " + names();
        }
    }

    /** Accepts an empty value or the name of a generated Avro record class on the converter's class path. */
    static final class RecordClass implements ConfigDef.Validator {

        @Override
        public void ensureValid(String name, Object value) {
            String className = Objects.toString(value, "");
            if (className.isBlank()) {
                return;
            }
            try {
                load(className);
            } catch (IllegalArgumentException e) {
                throw new ConfigException(name, value, e.getMessage());
            }
        }

        static Class<? extends SpecificRecord> load(String className) {
            Class<?> type;
            try {
                type = Class.forName(className, false, RecordClass.class.getClassLoader());
            } catch (ClassNotFoundException e) {
                throw new IllegalArgumentException("no such class on the converter's class path");
            }
            if (!SpecificRecord.class.isAssignableFrom(type)) {
                throw new IllegalArgumentException("not a generated Avro record class (SpecificRecord)");
            }
            try {
                SchemaReleases.of(type.getSimpleName());
            } catch (IllegalStateException e) {
                throw new IllegalArgumentException(e.getMessage());
            }
            return type.asSubclass(SpecificRecord.class);
        }

        @Override
        public String toString() {
            return "a generated Avro record class, e.g. io.atlas.events.Prediction";
        }
    }
}
