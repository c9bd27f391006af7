package io.atlas.connect.convert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.atlas.catalog.Topics;
import io.atlas.events.MarketTick;
import io.atlas.events.PredictionOutcome;
import io.atlas.schemas.SampleEvents;
import io.atlas.schemas.SchemaReleases;
import io.atlas.schemas.serde.AvroSerde;
import io.atlas.schemas.serde.ContractSerdes;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.avro.Conversions;
import org.apache.avro.LogicalTypes;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.message.BinaryMessageEncoder;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.connect.data.Date;
import org.apache.kafka.connect.data.Decimal;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaAndValue;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.data.Time;
import org.apache.kafka.connect.data.Timestamp;
import org.apache.kafka.connect.errors.DataException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class AtlasAvroConverterTest {

    private static final String TOPIC = "any-topic";

    static Stream<SpecificRecord> everyContract() {
        return SampleEvents.all().stream();
    }

    @ParameterizedTest
    @MethodSource("everyContract")
    void shouldMapEveryContractToAStructOfItsCurrentVersionAndBack(SpecificRecord sample) {
        AvroSerde<SpecificRecord> serde = serdeOf(sample);
        AtlasAvroConverter converter = converterFor(AtlasAvroConverterConfig.RECORD, sample.getClass().getName());

        SchemaAndValue connect = converter.toConnectData(TOPIC, serde.encode(sample));

        assertThat(connect.schema().name()).isEqualTo(sample.getSchema().getFullName());
        assertThat(connect.schema().version()).isEqualTo(SchemaReleases.of(sample.getSchema().getName()).size());
        assertSameContent((Struct) connect.value(), sample);
        byte[] written = converter.fromConnectData(TOPIC, connect.schema(), connect.value());
        assertThat(serde.decode(TOPIC, 0, 0, written)).isEqualTo(sample);
    }

    @Test
    void shouldReadAMarketTickWrittenWithVersion1AsTheCurrentVersion() {
        org.apache.avro.Schema v1 = SchemaReleases.of("MarketTick").get(0);
        MarketTick tick = SampleEvents.marketTick();
        GenericRecord old = new GenericData.Record(v1);
        v1.getFields().forEach(field -> old.put(field.name(), tick.get(field.name())));
        byte[] payload = encode(v1, old);

        SchemaAndValue connect = converterFor(AtlasAvroConverterConfig.TOPIC, Topics.TICKS.name())
                .toConnectData(TOPIC, payload);

        Struct struct = (Struct) connect.value();
        assertThat(connect.schema().version()).isEqualTo(2);
        assertThat(struct.getString("aggressor")).isEqualTo("UNKNOWN");
        assertThat(struct.getInt64("sequence")).isEqualTo(tick.getSequence());
        assertThat(struct.getFloat64("bid")).isEqualTo(tick.getBid());
    }

    @Test
    void shouldMapANestedPredictionOfAnOutcomeToANestedStruct() {
        PredictionOutcome outcome = SampleEvents.predictionOutcome();
        AtlasAvroConverter converter = converterFor(AtlasAvroConverterConfig.TOPIC, Topics.PREDICTION_OUTCOMES.name());

        Struct struct = (Struct) converter.toConnectData(TOPIC, ContractSerdes.predictionOutcome().encode(outcome))
                .value();

        assertThat(struct.getStruct("prediction").getInt64("tickSequence"))
                .isEqualTo(outcome.getPrediction().getTickSequence());
        assertThat(struct.getStruct("prediction").getString("predicted")).isEqualTo("UP");
        assertThat(struct.getString("realized")).isEqualTo("UP");
    }

    @Test
    void shouldReadAnOutcomeWrittenWithVersion1AsOneWithoutAnOptimum() throws java.io.IOException {
        org.apache.avro.Schema v1 = SchemaReleases.of("PredictionOutcome").get(0);
        PredictionOutcome outcome = SampleEvents.predictionOutcome();
        GenericRecord old = new GenericData.Record(v1);
        v1.getFields().forEach(field -> old.put(field.name(), outcome.get(field.name())));
        ByteBuffer v1Bytes = new BinaryMessageEncoder<GenericRecord>(SpecificData.get(), v1).encode(old);
        byte[] payload = new byte[v1Bytes.remaining()];
        v1Bytes.get(payload);

        SchemaAndValue connect = converterFor(AtlasAvroConverterConfig.TOPIC, Topics.PREDICTION_OUTCOMES.name())
                .toConnectData(TOPIC, payload);

        Struct struct = (Struct) connect.value();
        assertThat(connect.schema().version()).isEqualTo(2);
        assertThat(connect.schema().field("optimumHit").schema().isOptional()).isTrue();
        assertThat(connect.schema().field("optimumLogLoss").schema().isOptional()).isTrue();
        assertThat(struct.get("optimumHit")).isNull();
        assertThat(struct.get("optimumLogLoss")).isNull();
        assertThat(struct.getFloat64("logLoss")).isEqualTo(outcome.getLogLoss());
    }

    @Test
    void shouldMapTheOptimumOfAnOutcomeToOptionalFields() {
        PredictionOutcome outcome = SampleEvents.predictionOutcome();
        outcome.setOptimumHit(true);
        outcome.setOptimumLogLoss(0.42);

        Struct struct = (Struct) converterFor(AtlasAvroConverterConfig.TOPIC, Topics.PREDICTION_OUTCOMES.name())
                .toConnectData(TOPIC, ContractSerdes.predictionOutcome().encode(outcome)).value();

        assertThat(struct.getBoolean("optimumHit")).isTrue();
        assertThat(struct.getFloat64("optimumLogLoss")).isEqualTo(0.42);
    }

    @Test
    void shouldKeepLogicalTypes() {
        org.apache.avro.Schema schema = SchemaReleases.of("Settlement").get(0);
        Instant settledAt = Instant.parse("2026-11-30T16:00:00.125Z");
        LocalDate tradeDate = LocalDate.parse("2026-11-28");
        BigDecimal amount = new BigDecimal("12345.6789");
        GenericRecord settlement = new GenericData.Record(schema);
        settlement.put("id", "s-1");
        settlement.put("settledAt", settledAt.toEpochMilli());
        settlement.put("tradeDate", (int) tradeDate.toEpochDay());
        settlement.put("cutoff", 61_200_000);
        settlement.put("amount", new Conversions.DecimalConversion().toBytes(amount,
                schema.getField("amount").schema(), LogicalTypes.decimal(18, 4)));
        byte[] payload = encode(schema, settlement);
        AtlasAvroConverter converter = converterFor(AtlasAvroConverterConfig.RECORD,
                "io.atlas.connect.convert.fixture.Settlement");

        SchemaAndValue connect = converter.toConnectData(TOPIC, payload);

        Struct struct = (Struct) connect.value();
        Schema value = connect.schema();
        assertThat(value.field("settledAt").schema().name()).isEqualTo(Timestamp.LOGICAL_NAME);
        assertThat(value.field("tradeDate").schema().name()).isEqualTo(Date.LOGICAL_NAME);
        assertThat(value.field("cutoff").schema().name()).isEqualTo(Time.LOGICAL_NAME);
        assertThat(value.field("amount").schema().name()).isEqualTo(Decimal.LOGICAL_NAME);
        assertThat(value.field("amount").schema().parameters()).containsEntry(Decimal.SCALE_FIELD, "4");
        assertThat(((java.util.Date) struct.get("settledAt")).toInstant()).isEqualTo(settledAt);
        assertThat(((java.util.Date) struct.get("tradeDate")).toInstant())
                .isEqualTo(tradeDate.atStartOfDay(java.time.ZoneOffset.UTC).toInstant());
        assertThat(((java.util.Date) struct.get("cutoff")).getTime()).isEqualTo(61_200_000L);
        assertThat(struct.get("amount")).isEqualTo(amount);
        assertThat(converter.fromConnectData(TOPIC, connect.schema(), connect.value())).isEqualTo(payload);
    }

    @Test
    void shouldPassTombstonesThrough() {
        AtlasAvroConverter converter = converterFor(AtlasAvroConverterConfig.TOPIC, Topics.PREDICTIONS_LAST.name());

        assertThat(converter.toConnectData(TOPIC, null)).isEqualTo(SchemaAndValue.NULL);
        assertThat(converter.fromConnectData(TOPIC, null, null)).isNull();
    }

    @Test
    void shouldRefuseARecordOfAnotherContractNamingItsFingerprint() {
        AtlasAvroConverter converter = converterFor(AtlasAvroConverterConfig.TOPIC, Topics.PREDICTIONS.name());
        byte[] instrument = ContractSerdes.instrument().encode(SampleEvents.instrument());

        assertThatThrownBy(() -> converter.toConnectData("atlas.predictions", instrument))
                .isInstanceOf(DataException.class)
                .hasMessageContaining("atlas.predictions")
                .hasMessageContaining("is not a released version of io.atlas.events.Prediction");
    }

    @Test
    void shouldRefuseBytesWithoutTheSingleObjectHeader() {
        AtlasAvroConverter converter = converterFor(AtlasAvroConverterConfig.TOPIC, Topics.PREDICTIONS.name());

        assertThatThrownBy(() -> converter.toConnectData(TOPIC, "{\"symbol\":\"AAPL\"}".getBytes()))
                .isInstanceOf(DataException.class)
                .hasMessageContaining("not Avro single-object encoding");
    }

    @Test
    void shouldRefuseTrailingBytes() {
        AtlasAvroConverter converter = converterFor(AtlasAvroConverterConfig.TOPIC, Topics.PREDICTIONS.name());
        byte[] prediction = ContractSerdes.prediction().encode(SampleEvents.prediction());

        assertThatThrownBy(() -> converter.toConnectData(TOPIC, Arrays.copyOf(prediction, prediction.length + 3)))
                .isInstanceOf(DataException.class)
                .hasMessageContaining("3 trailing bytes");
    }

    @Test
    void shouldRefuseAStructOfAnotherShape() {
        AtlasAvroConverter converter = converterFor(AtlasAvroConverterConfig.TOPIC, Topics.PREDICTIONS.name());
        SchemaAndValue instrument = converterFor(AtlasAvroConverterConfig.TOPIC, Topics.INSTRUMENTS.name())
                .toConnectData(TOPIC, ContractSerdes.instrument().encode(SampleEvents.instrument()));

        assertThatThrownBy(() -> converter.fromConnectData(TOPIC, instrument.schema(), instrument.value()))
                .isInstanceOf(DataException.class)
                .hasMessageContaining("io.atlas.events.Instrument does not map onto io.atlas.events.Prediction");
    }

    private static AtlasAvroConverter converterFor(String key, String value) {
        AtlasAvroConverter converter = new AtlasAvroConverter();
        converter.configure(Map.of(key, value), false);
        return converter;
    }

    @SuppressWarnings("unchecked")
    private static AvroSerde<SpecificRecord> serdeOf(SpecificRecord sample) {
        return (AvroSerde<SpecificRecord>) ContractSerdes.all().stream()
                .filter(serde -> serde.schema().getFullName().equals(sample.getSchema().getFullName()))
                .findFirst().orElseThrow();
    }

    private static byte[] encode(org.apache.avro.Schema schema, GenericRecord record) {
        try {
            ByteBuffer buffer = new BinaryMessageEncoder<GenericRecord>(GenericData.get(), schema).encode(record);
            byte[] bytes = new byte[buffer.remaining()];
            buffer.get(bytes);
            return bytes;
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** Every field of the struct holds the record's value in Connect's form: enums as their symbol, bytes as bytes. */
    private static void assertSameContent(Struct struct, SpecificRecord record) {
        for (org.apache.avro.Schema.Field field : record.getSchema().getFields()) {
            Object expected = record.get(field.pos());
            Object actual = struct.get(field.name());
            if (expected instanceof SpecificRecord nested) {
                assertSameContent((Struct) actual, nested);
            } else if (expected instanceof Enum<?> symbol) {
                assertThat(actual).as(field.name()).isEqualTo(symbol.name());
            } else if (expected instanceof ByteBuffer bytes) {
                assertThat(actual instanceof byte[] array ? ByteBuffer.wrap(array) : actual).as(field.name())
                        .isEqualTo(bytes);
            } else {
                assertThat(actual).as(field.name()).isEqualTo(expected);
            }
        }
    }
}
