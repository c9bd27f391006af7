package io.atlas.catalog;

import io.atlas.schemas.SampleEvents;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ReleaseKeyTest {

    @Test
    void shouldKeyEachReleaseByModelAndVersion() {
        assertThat(ReleaseKey.of("tick-direction", 3)).isEqualTo("tick-direction:3");
        assertThat(ReleaseKey.of(SampleEvents.modelRelease()))
                .isEqualTo(SampleEvents.modelRelease().getModelId() + ":" + SampleEvents.modelRelease().getVersion());
    }

    @Test
    void shouldStartEveryKeyOfAModelWithItsPrefixAndNoOtherModels() {
        assertThat(ReleaseKey.of("m", 12)).startsWith(ReleaseKey.modelPrefix("m"));
        assertThat(ReleaseKey.of("m2", 1)).doesNotStartWith(ReleaseKey.modelPrefix("m"));
    }
}
