package io.atlas.schemas.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.atlas.events.Instrument;
import io.atlas.events.MarketTick;
import io.atlas.events.PredictionOutcome;
import io.atlas.events.Side;
import io.atlas.schemas.SampleEvents;
import io.atlas.schemas.SchemaReleases;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.avro.Schema;
import org.apache.avro.SchemaNormalization;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.message.BinaryMessageEncoder;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class AvroSerdeTest {

    private static final String TOPIC = "atlas.ticks";
    private final AvroSerde<MarketTick> ticks = ContractSerdes.marketTick();

    static List<SpecificRecord> samples() {
        return SampleEvents.all();
    }

    @ParameterizedTest
    @MethodSource("samples")
    void shouldRoundTripEveryContractRecord(SpecificRecord sample) {
        AvroSerde<SpecificRecord> serde = serdeFor(sample);

        byte[] bytes = serde.serializer().serialize("any", sample);

        assertThat(serde.deserializer().deserialize("any", bytes)).isEqualTo(sample);
    }

    @ParameterizedTest
    @MethodSource("samples")
    void shouldWriteTheSameBytesThroughAReusedWriter(SpecificRecord sample) {
        AvroSerde<SpecificRecord> serde = serdeFor(sample);
        AvroSerde<SpecificRecord>.Writer writer = serde.writer();

        byte[] first = writer.encode(sample);
        byte[] again = writer.encode(sample);

        assertThat(first).isEqualTo(serde.encode(sample)).isEqualTo(again).isNotSameAs(again);
    }

    @Test
    void shouldWriteSingleObjectHeaderAndFingerprintOfCurrentSchema() {
        byte[] bytes = ticks.encode(SampleEvents.marketTick());

        assertThat(bytes[0]).isEqualTo((byte) 0xC3);
        assertThat(bytes[1]).isEqualTo((byte) 0x01);
        assertThat(ByteBuffer.wrap(bytes, 2, 8).order(ByteOrder.LITTLE_ENDIAN).getLong())
                .isEqualTo(SchemaNormalization.parsingFingerprint64(MarketTick.getClassSchema()));
    }

    @Test
    void shouldReadMarketTickWrittenWithV1AsUnknownAggressor() throws IOException {
        Schema v1 = SchemaReleases.of("MarketTick").get(0);
        GenericRecord old = new GenericData.Record(v1);
        MarketTick expected = SampleEvents.marketTick();
        for (Schema.Field field : v1.getFields()) {
            old.put(field.name(), expected.get(field.name()));
        }
        byte[] bytes = new BinaryMessageEncoder<GenericRecord>(GenericData.get(), v1).encode(old).array();

        MarketTick tick = ticks.decode(TOPIC, 0, 0, bytes);

        expected.setAggressor(Side.UNKNOWN);
        assertThat(tick).isEqualTo(expected);
    }

    @Test
    void shouldReadAnOutcomeWrittenWithV1AsOneWithoutAnOptimum() throws IOException {
        Schema v1 = SchemaReleases.of("PredictionOutcome").get(0);
        GenericRecord old = new GenericData.Record(v1);
        PredictionOutcome expected = SampleEvents.predictionOutcome();
        for (Schema.Field field : v1.getFields()) {
            old.put(field.name(), expected.get(field.name()));
        }
        byte[] bytes = new BinaryMessageEncoder<GenericRecord>(SpecificData.get(), v1).encode(old).array();

        PredictionOutcome outcome = ContractSerdes.predictionOutcome().decode("atlas.prediction-outcomes", 0, 0, bytes);

        expected.setOptimumHit(null);
        expected.setOptimumLogLoss(null);
        assertThat(outcome).isEqualTo(expected);
    }

    @Test
    void shouldRejectUnknownFingerprintNamingTopicAndFingerprint() throws IOException {
        Schema unreleased = new Schema.Parser().parse("{\"type\": \"record\", \"name\": \"MarketTick\","
                + " \"namespace\": \"io.atlas.events\", \"fields\": [{\"name\": \"symbol\", \"type\": \"string\"}]}");
        GenericRecord record = new GenericData.Record(unreleased);
        record.put("symbol", "AAPL");
        byte[] bytes = new BinaryMessageEncoder<GenericRecord>(GenericData.get(), unreleased).encode(record).array();
        long fingerprint = SchemaNormalization.parsingFingerprint64(unreleased);

        assertThatThrownBy(() -> ticks.decode(TOPIC, 3, 99, bytes))
                .isInstanceOfSatisfying(UnknownSchemaException.class, e -> {
                    assertThat(e.fingerprint()).isEqualTo(fingerprint);
                    assertThat(e.topic()).isEqualTo(TOPIC);
                    assertThat(e.partition()).isEqualTo(3);
                    assertThat(e.offset()).isEqualTo(99);
                })
                .hasMessageContaining(TOPIC)
                .hasMessageContaining(UnknownSchemaException.hex(fingerprint))
                .hasMessageContaining("partition 3 offset 99");
    }

    @Test
    void shouldRejectRecordOfAnotherTypeAsUnknownSchema() {
        byte[] instrument = ContractSerdes.instrument().encode(SampleEvents.instrument());

        assertThatThrownBy(() -> ticks.decode(TOPIC, 0, 0, instrument)).isInstanceOf(UnknownSchemaException.class);
    }

    @Test
    void shouldRejectBadHeaderAsCorrupt() {
        byte[] bytes = ticks.encode(SampleEvents.marketTick());
        bytes[0] = '{';

        assertThatThrownBy(() -> ticks.decode(TOPIC, 0, 0, bytes))
                .isInstanceOf(CorruptPayloadException.class)
                .hasMessageContaining("header");
    }

    @Test
    void shouldRejectPayloadShorterThanHeaderAsCorrupt() {
        assertThatThrownBy(() -> ticks.decode(TOPIC, 0, 0, new byte[] {(byte) 0xC3, 0x01, 0x00}))
                .isInstanceOf(CorruptPayloadException.class);
    }

    @Test
    void shouldRejectTruncatedPayloadAsCorrupt() {
        byte[] bytes = ticks.encode(SampleEvents.marketTick());
        byte[] truncated = Arrays.copyOf(bytes, bytes.length - 5);

        assertThatThrownBy(() -> ticks.decode(TOPIC, 0, 0, truncated)).isInstanceOf(CorruptPayloadException.class);
    }

    @Test
    void shouldRejectMalformedDatumAsCorrupt() {
        byte[] bytes = ticks.encode(SampleEvents.marketTick());
        // Right after the header comes the symbol's length, a zig-zag varint: 0x01 decodes to -1.
        bytes[10] = 0x01;

        assertThatThrownBy(() -> ticks.decode(TOPIC, 0, 0, bytes)).isInstanceOf(CorruptPayloadException.class);
    }

    @Test
    void shouldRejectTrailingBytesAsCorrupt() {
        byte[] bytes = ticks.encode(SampleEvents.marketTick());
        byte[] longer = Arrays.copyOf(bytes, bytes.length + 2);

        assertThatThrownBy(() -> ticks.decode(TOPIC, 0, 0, longer))
                .isInstanceOf(CorruptPayloadException.class)
                .hasMessageContaining("2 trailing bytes");
    }

    @Test
    void shouldPassNullThroughAsTombstone() {
        assertThat(ticks.serializer().serialize(TOPIC, null)).isNull();
        assertThat(ticks.deserializer().deserialize(TOPIC, null)).isNull();
    }

    @Test
    void shouldNameTopicPartitionAndOffsetWhenDecodingConsumerRecord() {
        ConsumerRecord<byte[], byte[]> record = new ConsumerRecord<>(TOPIC, 5, 1234L, null, new byte[] {1, 2, 3});

        assertThatThrownBy(() -> ticks.decode(record))
                .isInstanceOfSatisfying(CorruptPayloadException.class, e -> {
                    assertThat(e.partition()).isEqualTo(5);
                    assertThat(e.offset()).isEqualTo(1234L);
                })
                .hasMessageContaining("topic atlas.ticks partition 5 offset 1234");
    }

    @Test
    void shouldReportUnknownPartitionAndOffsetFromKafkaDeserializer() {
        assertThatThrownBy(() -> ticks.deserializer().deserialize(TOPIC, new byte[] {1, 2, 3}))
                .isInstanceOfSatisfying(UndecodableRecordException.class, e -> {
                    assertThat(e.topic()).isEqualTo(TOPIC);
                    assertThat(e.partition()).isEqualTo(-1);
                    assertThat(e.offset()).isEqualTo(-1L);
                });
    }

    @Test
    void shouldRejectRecordMissingRequiredValueWhenEncoding() {
        MarketTick incomplete = SampleEvents.marketTick();
        incomplete.setSymbol(null);

        assertThatThrownBy(() -> ticks.encode(incomplete))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("MarketTick");
    }

    @Test
    void shouldRoundTripFromManyThreadsAtOnce() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<Boolean>> results = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                int thread = t;
                results.add(pool.submit(() -> {
                    for (int i = 0; i < 2_000; i++) {
                        MarketTick tick = SampleEvents.marketTick();
                        tick.setSequence(thread * 1_000_000L + i);
                        if (!ticks.decode(TOPIC, 0, i, ticks.encode(tick)).equals(tick)) {
                            return false;
                        }
                    }
                    return true;
                }));
            }
            for (Future<Boolean> result : results) {
                assertThat(result.get(30, TimeUnit.SECONDS)).isTrue();
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void shouldDecodeInstrumentTombstoneFromConsumerRecord() {
        ConsumerRecord<byte[], byte[]> tombstone = new ConsumerRecord<>("atlas.instruments", 0, 7L, null, null);

        Instrument instrument = ContractSerdes.instrument().decode(tombstone);

        assertThat(instrument).isNull();
    }

    @SuppressWarnings("unchecked")
    private static AvroSerde<SpecificRecord> serdeFor(SpecificRecord sample) {
        return (AvroSerde<SpecificRecord>) ContractSerdes.all().stream()
                .filter(serde -> serde.schema().equals(sample.getSchema()))
                .findFirst()
                .orElseThrow();
    }
}
