package io.atlas.schemas;

import static org.assertj.core.api.Assertions.assertThat;

import io.atlas.schemas.EvolutionGate.Direction;
import io.atlas.schemas.EvolutionGate.Violation;
import io.atlas.schemas.serde.AvroSerde;
import io.atlas.schemas.serde.ContractSerdes;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.apache.avro.Schema;
import org.apache.avro.SchemaNormalization;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class EvolutionGateTest {

    static Stream<Schema> currentSchemas() {
        return ContractSerdes.all().stream().map(AvroSerde::schema);
    }

    @ParameterizedTest
    @MethodSource("currentSchemas")
    void shouldPassReleasedHistoryFollowedByCurrentSchema(Schema current) {
        List<Schema> history = new ArrayList<>(SchemaReleases.of(current.getName()));
        history.add(current);

        assertThat(EvolutionGate.check(history)).isEmpty();
    }

    @ParameterizedTest
    @MethodSource("currentSchemas")
    void shouldCompileExactlyTheLatestRelease(Schema current) {
        List<Schema> releases = SchemaReleases.of(current.getName());
        Schema latest = releases.get(releases.size() - 1);

        assertThat(SchemaNormalization.parsingFingerprint64(current))
                .as("%s differs from its latest release v%d: release it as v%d", current.getName(), releases.size(),
                        releases.size() + 1)
                .isEqualTo(SchemaNormalization.parsingFingerprint64(latest));
    }

    @Test
    void shouldReportFieldAddedWithoutDefault() {
        List<Schema> history = SchemaReleases.load("evolution/incompatible", "MarketTick");

        List<Violation> violations = EvolutionGate.check(history);

        assertThat(violations).singleElement().satisfies(violation -> {
            assertThat(violation.record()).isEqualTo("io.atlas.events.MarketTick");
            assertThat(violation.olderVersion()).isEqualTo(1);
            assertThat(violation.newerVersion()).isEqualTo(2);
            assertThat(violation.direction()).isEqualTo(Direction.BACKWARD);
            assertThat(violation.problems()).singleElement().asString()
                    .contains("READER_FIELD_MISSING_DEFAULT_VALUE").contains("tradeId");
            assertThat(violation.toString()).contains("MarketTick v1 -> v2").contains("tradeId");
        });
    }

    @Test
    void shouldReportRemovedEnumSymbolWithoutEnumDefaultAsBackwardIncompatible() {
        Schema older = enumRecord("[\"A\", \"B\", \"C\"]");
        Schema newer = enumRecord("[\"A\", \"B\"]");

        List<Violation> violations = EvolutionGate.check(List.of(older, newer));

        assertThat(violations).singleElement().satisfies(violation -> {
            assertThat(violation.direction()).isEqualTo(Direction.BACKWARD);
            assertThat(violation.problems()).singleElement().asString().contains("MISSING_ENUM_SYMBOLS").contains("C");
        });
    }

    private static Schema enumRecord(String symbols) {
        return new Schema.Parser().parse("{\"type\": \"record\", \"name\": \"R\", \"fields\": [{\"name\": \"e\","
                + " \"type\": {\"type\": \"enum\", \"name\": \"E\", \"symbols\": " + symbols + "}}]}");
    }
}
