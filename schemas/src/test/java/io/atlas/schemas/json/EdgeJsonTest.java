package io.atlas.schemas.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.atlas.events.DeadLetter;
import io.atlas.events.MarketTick;
import io.atlas.events.ModelRelease;
import io.atlas.events.PredictionOutcome;
import io.atlas.events.Side;
import io.atlas.schemas.SampleEvents;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class EdgeJsonTest {

    private static final String TICK = "{\"symbol\": \"AAPL\", \"venue\": \"XNAS\", \"sequence\": 42,"
            + " \"exchangeTimeMicros\": 1767225600000000, \"ingestTimeMicros\": 1767225600000350,"
            + " \"bid\": 189.51, \"ask\": 189.53, \"last\": 189.52, \"bidSize\": 300, \"askSize\": 500,"
            + " \"lastSize\": 100, \"aggressor\": \"BUY\"}";

    private final EdgeJson json = new EdgeJson();

    static List<SpecificRecord> samples() {
        return SampleEvents.all();
    }

    @ParameterizedTest
    @MethodSource("samples")
    void shouldRoundTripEveryContractRecord(SpecificRecord sample) {
        byte[] bytes = json.write(sample);

        assertThat(json.read(bytes, sample.getClass())).isEqualTo(sample);
    }

    @Test
    void shouldReadTickWithSameFieldNames() {
        assertThat(json.read(utf8(TICK), MarketTick.class)).isEqualTo(SampleEvents.marketTick());
    }

    @Test
    void shouldWriteNullableUnionsAsPlainValuesAndBytesAsBase64() {
        DeadLetter letter = SampleEvents.deadLetter();
        letter.setOriginalKey(null);

        String text = text(json.write(letter));

        assertThat(text).contains("\"originalKey\":null")
                .contains("\"originalValue\":\"eyJzeW1ib2wiOiJBQVBMIn0=\"")
                .contains("\"sourcePartition\":7");
    }

    @Test
    void shouldWriteEnumsAsStringsMapsAsObjectsAndNestedRecordsAsObjects() {
        assertThat(text(json.write(SampleEvents.modelRelease())))
                .contains("\"status\":\"SHADOW\"")
                .contains("\"features\":[\"spread\",\"imbalance\",\"return1\"]")
                .containsPattern("\"metrics\":\\{\"(auc|accuracy)\":0\\.\\d+,\"(auc|accuracy)\":0\\.\\d+\\}")
                .contains("\"location\":\"s3://atlas-models/tick-direction/3\"");
        assertThat(text(json.write(SampleEvents.predictionOutcome())))
                .startsWith("{\"prediction\":{\"symbol\":\"AAPL\"");
    }

    @Test
    void shouldFillMissingFieldsFromSchemaDefaults() {
        MarketTick tick = json.read(utf8(TICK.replace(", \"aggressor\": \"BUY\"", "")), MarketTick.class);

        assertThat(tick.getAggressor()).isEqualTo(Side.UNKNOWN);
    }

    @Test
    void shouldGiveEachRecordItsOwnCopyOfMutableDefaults() {
        String release = "{\"modelId\": \"m\", \"version\": 1, \"algorithm\": \"a\", \"features\": [],"
                + " \"horizonTicks\": 5, \"digest\": \"d\", \"status\": \"ACTIVE\", \"createdAtMicros\": 0}";
        ModelRelease first = json.read(utf8(release), ModelRelease.class);
        ModelRelease second = json.read(utf8(release), ModelRelease.class);

        first.getMetrics().put("auc", 0.5);

        assertThat(second.getMetrics()).isEmpty();
        assertThat(second.getModel()).isNull();
        assertThat(second.getLocation()).isNull();
    }

    @Test
    void shouldIgnoreUnknownFields() {
        String extra = TICK.replace("{", "{\"source\": {\"feed\": [1, 2, {\"x\": null}]}, \"note\": \"hi\", ");

        assertThat(json.read(utf8(extra), MarketTick.class)).isEqualTo(SampleEvents.marketTick());
    }

    @Test
    void shouldRejectMissingRequiredField() {
        assertRejected(TICK.replace("\"bid\": 189.51, ", ""), MarketTick.class, "$.bid", "missing required field");
    }

    @Test
    void shouldRejectWrongType() {
        assertRejected(TICK.replace("\"sequence\": 42", "\"sequence\": \"42\""), MarketTick.class, "$.sequence",
                "wrong type: expected integer but found string");
    }

    @Test
    void shouldRejectNullForNonNullableField() {
        assertRejected(TICK.replace("\"venue\": \"XNAS\"", "\"venue\": null"), MarketTick.class, "$.venue",
                "wrong type: expected string but found null");
    }

    @Test
    void shouldRejectUnknownEnumSymbol() {
        assertRejected(TICK.replace("\"BUY\"", "\"MID\""), MarketTick.class, "$.aggressor",
                "unknown Side symbol 'MID'");
    }

    @Test
    void shouldRejectMalformedJsonNamingWhereParsingStopped() {
        assertRejected(TICK.replace("\"bid\": 189.51", "\"bid\": 189.51.2"), MarketTick.class, "$.bid",
                "malformed JSON");
    }

    @Test
    void shouldRejectNonNumericLiteral() {
        assertRejected(TICK.replace("189.51", "NaN"), MarketTick.class, "$.bid", "malformed JSON");
    }

    @Test
    void shouldRejectNumberTooLargeToBeFinite() {
        assertRejected(TICK.replace("189.51", "1e999"), MarketTick.class, "$.bid", "non-finite number");
    }

    @Test
    void shouldRejectIntegerOutOfRange() {
        String release = text(json.write(SampleEvents.modelRelease())).replace("\"horizonTicks\":10",
                "\"horizonTicks\":4294967296");

        assertRejected(release, ModelRelease.class, "$.horizonTicks", "integer out of 32-bit range");
    }

    @Test
    void shouldRejectInvalidBase64() {
        String letter = text(json.write(SampleEvents.deadLetter())).replace("\"QUFQTA==\"", "\"not base64!\"");

        assertRejected(letter, DeadLetter.class, "$.originalKey", "invalid base64");
    }

    @Test
    void shouldNameArrayIndexInPath() {
        String release = text(json.write(SampleEvents.modelRelease())).replace("\"imbalance\"", "7");

        assertRejected(release, ModelRelease.class, "$.features[1]", "wrong type");
    }

    @Test
    void shouldNameNestedFieldInPath() {
        String outcome = text(json.write(SampleEvents.predictionOutcome())).replace("\"predicted\":\"UP\"",
                "\"predicted\":\"SIDEWAYS\"");

        assertRejected(outcome, PredictionOutcome.class, "$.prediction.predicted", "unknown MoveDirection symbol");
    }

    @Test
    void shouldRejectContentAfterTheRecord() {
        assertRejected(TICK + " {}", MarketTick.class, "$", "content after the MarketTick");
    }

    @Test
    void shouldRejectEmptyInput() {
        assertRejected("  ", MarketTick.class, "$", "no content");
    }

    @Test
    void shouldRefuseToWriteNonFiniteNumber() {
        MarketTick tick = SampleEvents.marketTick();
        tick.setAsk(Double.POSITIVE_INFINITY);

        assertThatThrownBy(() -> json.write(tick))
                .isInstanceOfSatisfying(InvalidJsonException.class, e -> assertThat(e.path()).isEqualTo("$.ask"))
                .hasMessageContaining("non-finite number");
    }

    private void assertRejected(String input, Class<? extends SpecificRecord> type, String path, String problem) {
        assertThatThrownBy(() -> json.read(utf8(input), type))
                .isInstanceOfSatisfying(InvalidJsonException.class, e -> {
                    assertThat(e.path()).isEqualTo(path);
                    assertThat(e.problem()).contains(problem);
                })
                .hasMessageStartingWith("Invalid JSON at " + path + ": ");
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static String text(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
