package io.atlas.schemas;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.apache.avro.Schema;
import org.junit.jupiter.api.Test;

class SchemaReleasesTest {

    @Test
    void shouldLoadVersionsOldestFirstUntilFirstMissing() {
        List<Schema> versions = SchemaReleases.of("MarketTick");

        assertThat(versions).hasSize(2);
        assertThat(versions.get(0).getField("aggressor")).isNull();
        assertThat(versions.get(1).getField("aggressor")).isNotNull();
    }

    @Test
    void shouldLoadSelfContainedReleaseOfRecordThatNestsAnother() {
        Schema outcome = SchemaReleases.of("PredictionOutcome").get(0);

        assertThat(outcome.getField("prediction").schema().getFullName()).isEqualTo("io.atlas.events.Prediction");
    }

    @Test
    void shouldRejectRecordWithoutReleases() {
        assertThatThrownBy(() -> SchemaReleases.of("NoSuchRecord"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("NoSuchRecord");
    }
}
