package io.atlas.connect.convert;

import io.apicurio.registry.utils.converter.avro.AvroData;
import io.apicurio.registry.utils.converter.avro.AvroDataConfig;
import java.util.Map;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaAndValue;
import org.apache.kafka.connect.errors.DataException;
import org.apache.kafka.connect.storage.Converter;

/**
 * A Kafka Connect converter for the values of Atlas topics: Avro single-object encoding ({@code C3 01}, the writer
 * schema's CRC-64-AVRO fingerprint, the datum) of one contract, configured by {@link AtlasAvroConverterConfig}.
 *
 * <p>Reading, a payload written with any released version of the contract is resolved into the current version and
 * mapped to a Connect {@code Struct} by Apicurio's {@link AvroData} (enums as strings, nested records as structs,
 * logical types as Connect's {@code Timestamp}, {@code Date}, {@code Time}, {@code Decimal}); the Connect schema
 * carries the record's full name and the current release number as its version. Writing maps a struct of that shape
 * back onto the current schema. Keys of Atlas topics are UTF-8 strings: use {@code StringConverter} for them.
 */
public final class AtlasAvroConverter implements Converter {

    private ReleasedContract contract;
    private ContractAvroData avroData;

    @Override
    public void configure(Map<String, ?> configs, boolean isKey) {
        if (isKey) {
            throw new ConfigException(getClass().getName() + " converts values only: keys of Atlas topics are UTF-8 "
                    + "strings, use org.apache.kafka.connect.storage.StringConverter as key.converter");
        }
        AtlasAvroConverterConfig config = new AtlasAvroConverterConfig(configs);
        contract = ReleasedContract.of(config.recordClass().getSimpleName());
        avroData = new ContractAvroData();
    }

    @Override
    public ConfigDef config() {
        return AtlasAvroConverterConfig.CONFIG_DEF;
    }

    @Override
    public SchemaAndValue toConnectData(String topic, byte[] value) {
        requireConfigured();
        if (value == null) {
            return SchemaAndValue.NULL;
        }
        GenericRecord record = contract.decode(topic, value);
        return avroData.toConnectData(contract.schema(), record, contract.version());
    }

    @Override
    public byte[] fromConnectData(String topic, Schema schema, Object value) {
        requireConfigured();
        if (value == null) {
            return null;
        }
        if (schema == null) {
            throw new DataException("Atlas Avro on topic " + topic + ": a value without a schema cannot be written as "
                    + contract.schema().getFullName());
        }
        Object avro;
        try {
            avro = avroData.toAvro(schema, contract, value);
        } catch (DataException e) {
            throw e;
        } catch (RuntimeException e) {
            // AvroData fails with whatever it trips on (a field the contract lacks: a NullPointerException).
            throw new DataException("Atlas Avro on topic " + topic + ": a " + schema.name() + " does not map onto "
                    + contract.schema().getFullName() + ": " + e, e);
        }
        if (!(avro instanceof GenericRecord record)) {
            throw new DataException("Atlas Avro on topic " + topic + ": a " + schema.type() + " is not a "
                    + contract.schema().getFullName() + " struct");
        }
        return contract.encode(topic, record);
    }

    private void requireConfigured() {
        if (contract == null) {
            throw new IllegalStateException("AtlasAvroConverter used before configure()");
        }
    }

    /**
     * Apicurio's mapping, keeping enum symbols and names (enhanced schema support) and writing straight onto the
     * contract's own schema, so a struct's fields are matched by name rather than by a schema derived from it.
     */
    private static final class ContractAvroData extends AvroData {

        ContractAvroData() {
            super(new AvroDataConfig.Builder()
                    .with(AvroDataConfig.ENHANCED_AVRO_SCHEMA_SUPPORT_CONFIG, true)
                    .with(AvroDataConfig.CONNECT_META_DATA_CONFIG, true)
                    .build());
        }

        Object toAvro(Schema schema, ReleasedContract contract, Object value) {
            return fromConnectData(schema, contract.schema(), value);
        }
    }
}
