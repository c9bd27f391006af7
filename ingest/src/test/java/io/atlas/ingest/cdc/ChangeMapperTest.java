package io.atlas.ingest.cdc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.atlas.events.Instrument;
import io.atlas.events.ModelRelease;
import io.atlas.events.ReleaseStatus;
import io.atlas.events.TradingStatus;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.source.SourceRecord;
import org.junit.jupiter.api.Test;

/** The mapping from Debezium change events to Atlas records, on hand-built events shaped like Debezium's. */
class ChangeMapperTest {

    private static final Schema SOURCE = SchemaBuilder.struct().field("table", Schema.STRING_SCHEMA)
            .field("ts_ms", Schema.INT64_SCHEMA).build();
    private static final Schema INSTRUMENT = SchemaBuilder.struct().optional()
            .field("symbol", Schema.STRING_SCHEMA).field("venue", Schema.STRING_SCHEMA)
            .field("tick_size", Schema.FLOAT64_SCHEMA).field("currency", Schema.STRING_SCHEMA)
            .field("status", Schema.STRING_SCHEMA).field("lot_size", Schema.FLOAT64_SCHEMA)
            .field("description", Schema.OPTIONAL_STRING_SCHEMA).field("updated_at", Schema.STRING_SCHEMA).build();
    private static final Schema RELEASE = SchemaBuilder.struct().optional()
            .field("model_id", Schema.STRING_SCHEMA).field("version", Schema.INT32_SCHEMA)
            .field("algorithm", Schema.STRING_SCHEMA).field("features", SchemaBuilder.array(Schema.STRING_SCHEMA))
            .field("horizon_ticks", Schema.INT32_SCHEMA).field("model", Schema.OPTIONAL_BYTES_SCHEMA)
            .field("digest", Schema.STRING_SCHEMA).field("location", Schema.OPTIONAL_STRING_SCHEMA)
            .field("status", Schema.STRING_SCHEMA).field("created_at", Schema.STRING_SCHEMA)
            .field("metrics", Schema.STRING_SCHEMA).build();

    private final ChangeMapper mapper = new ChangeMapper("instruments-topic", "releases-topic");

    @Test
    void shouldMapAnInstrumentUpdate() {
        CdcChange change = mapper.map(event("instruments", "u", INSTRUMENT, instrumentRow("HALTED")));
        assertThat(change.topic()).isEqualTo("instruments-topic");
        assertThat(change.key()).isEqualTo("AAPL");
        assertThat(change.sourceMillis()).isEqualTo(1_700_000_000_123L);
        assertThat(change.value()).isEqualTo(Instrument.newBuilder().setSymbol("AAPL").setVenue("XNAS")
                .setTickSize(0.01).setCurrency("USD").setStatus(TradingStatus.HALTED).setLotSize(1)
                .setDescription("Apple").setUpdatedAtMicros(1_700_000_000_123_456L).build());
    }

    @Test
    void shouldTurnADeleteIntoATombstone() {
        CdcChange change = mapper.map(event("instruments", "d", INSTRUMENT, instrumentRow("TRADING")));
        assertThat(change.key()).isEqualTo("AAPL");
        assertThat(change.value()).isNull();
    }

    @Test
    void shouldMapAModelReleaseWithMetricsAndFeatures() {
        Struct row = releaseRow("model".getBytes(StandardCharsets.UTF_8));
        CdcChange change = mapper.map(event("model_releases", "c", RELEASE, row));
        ModelRelease release = (ModelRelease) change.value();
        assertThat(change.topic()).isEqualTo("releases-topic");
        assertThat(change.key()).isEqualTo("tick-direction:3");
        assertThat(change.modelBytesMissing()).isFalse();
        assertThat(release.getFeatures()).containsExactly("imbalance", "spread");
        assertThat(release.getMetrics()).isEqualTo(Map.of("auc", 0.61));
        assertThat(release.getStatus()).isEqualTo(ReleaseStatus.SHADOW);
        assertThat(release.getModel()).isEqualTo(ByteBuffer.wrap("model".getBytes(StandardCharsets.UTF_8)));
        assertThat(release.getCreatedAtMicros()).isEqualTo(1_700_000_000_000_000L);
    }

    @Test
    void shouldFlagModelBytesPostgresDidNotResend() {
        Struct row = releaseRow(ChangeMapper.UNAVAILABLE.getBytes(StandardCharsets.UTF_8));
        CdcChange change = mapper.map(event("model_releases", "u", RELEASE, row));
        assertThat(change.modelBytesMissing()).isTrue();
        assertThat(((ModelRelease) change.value()).getModel()).isNull();
    }

    @Test
    void shouldRefuseATruncate() {
        assertThatThrownBy(() -> mapper.map(event("instruments", "t", INSTRUMENT, null)))
                .isInstanceOf(UnmappableChangeException.class).hasMessageContaining("'t'");
    }

    @Test
    void shouldRefuseAnotherTable() {
        assertThatThrownBy(() -> mapper.map(event("orders", "c", INSTRUMENT, instrumentRow("TRADING"))))
                .isInstanceOf(UnmappableChangeException.class).hasMessageContaining("orders");
    }

    private static Struct instrumentRow(String status) {
        return new Struct(INSTRUMENT).put("symbol", "AAPL").put("venue", "XNAS").put("tick_size", 0.01)
                .put("currency", "USD").put("status", status).put("lot_size", 1.0).put("description", "Apple")
                .put("updated_at", "2023-11-14T22:13:20.123456Z");
    }

    private static Struct releaseRow(byte[] model) {
        return new Struct(RELEASE).put("model_id", "tick-direction").put("version", 3)
                .put("algorithm", "logistic-sgd").put("features", List.of("imbalance", "spread"))
                .put("horizon_ticks", 1).put("model", model).put("digest", "ab".repeat(32))
                .put("status", "SHADOW").put("created_at", "2023-11-14T22:13:20Z").put("metrics", "{\"auc\":0.61}");
    }

    private static SourceRecord event(String table, String op, Schema rowSchema, Struct row) {
        Schema envelope = SchemaBuilder.struct().field("before", rowSchema).field("after", rowSchema)
                .field("source", SOURCE).field("op", Schema.STRING_SCHEMA).build();
        Struct value = new Struct(envelope).put("op", op)
                .put("source", new Struct(SOURCE).put("table", table).put("ts_ms", 1_700_000_000_123L));
        if (row != null) {
            value.put("d".equals(op) ? "before" : "after", row);
        }
        return new SourceRecord(Map.of(), Map.of(), "topic", null, null, envelope, value);
    }
}
