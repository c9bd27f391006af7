package io.atlas.inference.model;

import io.atlas.catalog.ReleaseKey;

import static org.assertj.core.api.Assertions.assertThat;

import io.atlas.events.ModelRelease;
import io.atlas.events.ReleaseStatus;
import io.atlas.inference.fixtures.TestModels;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

class ModelRegistryTest {

    private final List<String> rejections = new ArrayList<>();
    private final List<String> swaps = new ArrayList<>();
    private final ModelRegistry registry = new ModelRegistry(new ModelRegistry.Listener() {
        @Override
        public void swapped(LoadedRelease nowActive) {
            swaps.add(nowActive.label());
        }

        @Override
        public void rejected(String reason) {
            rejections.add(reason);
        }

        @Override
        public void changed(ActiveModels now) {
        }
    });

    @Test
    void shouldServeNothingBeforeAnyRelease() {
        assertThat(registry.current().isEmpty()).isTrue();
    }

    @Test
    void shouldSwapToANewActiveVersion() {
        registry.apply(TestModels.release("m", 1, ReleaseStatus.ACTIVE));
        registry.apply(TestModels.release("m", 2, ReleaseStatus.ACTIVE));

        assertThat(registry.current().active().label()).isEqualTo("m:2");
        assertThat(registry.current().shadows()).isEmpty();
        assertThat(swaps).containsExactly("m:1", "m:2");
    }

    @Test
    void shouldIgnoreAReplayOfTheReleaseAlreadyInForce() {
        registry.apply(TestModels.release("m", 1, ReleaseStatus.ACTIVE));
        LoadedRelease first = registry.current().active();

        registry.apply(TestModels.release("m", 1, ReleaseStatus.ACTIVE));

        assertThat(registry.current().active()).isSameAs(first);
        assertThat(swaps).containsExactly("m:1");
    }

    @Test
    void shouldRollBackByReactivatingAnOlderVersion() {
        registry.apply(TestModels.release("m", 1, ReleaseStatus.ACTIVE));
        registry.apply(TestModels.release("m", 2, ReleaseStatus.ACTIVE));
        registry.apply(TestModels.release("m", 1, ReleaseStatus.ACTIVE));

        assertThat(registry.current().active().label()).isEqualTo("m:1");
    }

    @Test
    void shouldScoreAShadowBesideTheActiveModel() {
        registry.apply(TestModels.release("m", 1, ReleaseStatus.ACTIVE));
        registry.apply(TestModels.release("m", 2, ReleaseStatus.SHADOW));

        assertThat(registry.current().active().label()).isEqualTo("m:1");
        assertThat(registry.current().shadows()).extracting(LoadedRelease::label).containsExactly("m:2");
    }

    @Test
    void shouldStopScoringARetiredRelease() {
        registry.apply(TestModels.release("m", 1, ReleaseStatus.ACTIVE));
        registry.apply(TestModels.release("m", 2, ReleaseStatus.SHADOW));
        registry.apply(TestModels.release("m", 2, ReleaseStatus.RETIRED));

        assertThat(registry.current().shadows()).isEmpty();
        assertThat(registry.current().active().label()).isEqualTo("m:1");
    }

    @Test
    void shouldStopScoringADeletedReleaseOnly() {
        registry.apply(TestModels.release("m", 1, ReleaseStatus.ACTIVE));
        registry.apply(TestModels.release("m", 2, ReleaseStatus.SHADOW));
        registry.apply(TestModels.release("other", 1, ReleaseStatus.ACTIVE));

        registry.forget(ReleaseKey.of("m", 2));

        assertThat(registry.current().active().label()).isEqualTo("other:1");
        assertThat(registry.current().shadows()).isEmpty();
    }

    @Test
    void shouldKeepTheOtherReleasesOfAModelWhenOneIsDeleted() {
        registry.apply(TestModels.release("m", 1, ReleaseStatus.ACTIVE));
        registry.apply(TestModels.release("m", 2, ReleaseStatus.SHADOW));

        registry.forget(ReleaseKey.of("m", 1));

        assertThat(registry.current().active()).isNull();
        assertThat(registry.current().shadows()).extracting(release -> release.label()).containsExactly("m:2");
    }

    @Test
    void shouldFallBackToTheOtherLiveModelWhenTheNewestIsRetired() {
        registry.apply(TestModels.release("a", 1, ReleaseStatus.ACTIVE));
        registry.apply(TestModels.release("b", 1, ReleaseStatus.ACTIVE));
        assertThat(registry.current().active().label()).isEqualTo("b:1");

        registry.apply(TestModels.release("b", 1, ReleaseStatus.RETIRED));

        assertThat(registry.current().active().label()).isEqualTo("a:1");
    }

    @Test
    void shouldRefuseAVersionKnownWithAnotherDigestAndKeepServing() {
        assertThat(registry.apply(TestModels.release("m", 1, ReleaseStatus.ACTIVE)))
                .isEqualTo(ModelRegistry.Applied.CHANGED);
        LoadedRelease first = registry.current().active();

        assertThat(registry.apply(TestModels.anotherRelease("m", 1, ReleaseStatus.ACTIVE)))
                .isEqualTo(ModelRegistry.Applied.VERSION_REUSED);
        assertThat(registry.apply(TestModels.anotherRelease("m", 1, ReleaseStatus.RETIRED)))
                .isEqualTo(ModelRegistry.Applied.VERSION_REUSED);

        assertThat(registry.current().active()).isSameAs(first);
        assertThat(first.digest()).isEqualTo(TestModels.trained().digest());
        assertThat(rejections).containsExactly(ModelRegistry.VERSION_REUSED, ModelRegistry.VERSION_REUSED);
        assertThat(swaps).containsExactly("m:1");
    }

    @Test
    void shouldRefuseAVersionReusedAfterItsReleaseWasRetiredOrDeleted() {
        registry.apply(TestModels.release("m", 1, ReleaseStatus.ACTIVE));
        registry.apply(TestModels.release("m", 1, ReleaseStatus.RETIRED));
        registry.apply(TestModels.release("m", 2, ReleaseStatus.ACTIVE));
        registry.forget(ReleaseKey.of("m", 2));

        assertThat(registry.apply(TestModels.anotherRelease("m", 1, ReleaseStatus.ACTIVE)))
                .isEqualTo(ModelRegistry.Applied.VERSION_REUSED);
        assertThat(registry.apply(TestModels.anotherRelease("m", 2, ReleaseStatus.ACTIVE)))
                .isEqualTo(ModelRegistry.Applied.VERSION_REUSED);
        assertThat(registry.apply(TestModels.anotherRelease("m", 3, ReleaseStatus.ACTIVE)))
                .isEqualTo(ModelRegistry.Applied.CHANGED);
        assertThat(registry.current().active().label()).isEqualTo("m:3");
    }

    @Test
    void shouldRejectAReleaseWhoseFeaturesDifferAndKeepServing() {
        registry.apply(TestModels.release("m", 1, ReleaseStatus.ACTIVE));
        ModelRelease wrongFeatures = TestModels.release("m", 2, ReleaseStatus.ACTIVE);
        wrongFeatures.setFeatures(List.of("imbalance", "spread"));

        registry.apply(wrongFeatures);

        assertThat(registry.current().active().label()).isEqualTo("m:1");
        assertThat(rejections).containsExactly("FEATURE_MISMATCH");
    }

    @Test
    void shouldRejectAReleaseWhoseBytesDoNotMatchTheDigest() {
        ModelRelease tampered = TestModels.release("m", 1, ReleaseStatus.ACTIVE);
        byte[] bytes = TestModels.trained().bytes().clone();
        bytes[bytes.length / 2] ^= 1;
        tampered.setModel(ByteBuffer.wrap(bytes));

        registry.apply(tampered);

        assertThat(registry.current().isEmpty()).isTrue();
        assertThat(rejections).containsExactly("DIGEST_MISMATCH");
    }

    @Test
    void shouldRejectBytesThatAreNotATribuoModel() {
        ModelRelease garbage = TestModels.release("m", 1, ReleaseStatus.ACTIVE);
        byte[] bytes = {1, 2, 3, 4, 5};
        garbage.setModel(ByteBuffer.wrap(bytes));
        garbage.setDigest(ModelCodec.sha256(bytes));

        registry.apply(garbage);

        assertThat(registry.current().isEmpty()).isTrue();
        assertThat(rejections).containsExactly("UNLOADABLE");
    }

    @Test
    void shouldRejectAReleaseWithoutInlineBytes() {
        ModelRelease remote = TestModels.release("m", 1, ReleaseStatus.ACTIVE);
        remote.setModel(null);
        remote.setLocation("s3://bucket/model");

        registry.apply(remote);

        assertThat(rejections).containsExactly("NO_BYTES");
    }

    @Test
    void shouldScoreIdenticallyAfterABytesRoundTrip() {
        LoadedRelease loaded = registry.current().active();
        registry.apply(TestModels.release("m", 1, ReleaseStatus.ACTIVE));
        loaded = registry.current().active();
        Scorer original = new Scorer(TestModels.trained().model());
        double[] features = {0.7, 0.4, 5.0, 1.0, 2.0, -1.0, 1.0, 0.2, -0.5};

        Score expected = original.score(features);
        Score actual = loaded.scorer().score(features);

        assertThat(actual).isEqualTo(expected);
        assertThat(expected.pDown() + expected.pFlat() + expected.pUp()).isCloseTo(1.0,
                org.assertj.core.api.Assertions.within(1e-9));
    }
}
