package io.atlas.perf.bench;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class VersionWatchTest {

    private final VersionWatch watch = new VersionWatch();

    @Test
    void shouldKeepTheFirstLiveFrameOfTheExpectedVersionScoredSinceTheChange() throws Exception {
        watch.expect(2, 1_000);

        watch.received(frame(1, false, 2_000), 10);
        watch.received(frame(2, true, 2_000), 11);
        watch.received(frame(2, false, 999), 12);
        watch.received(frame(2, false, 1_000), 13);
        watch.received(frame(2, false, 3_000), 14);

        assertThat(watch.awaitFirst(Duration.ofMillis(1))).isEqualTo(13);
    }

    @Test
    void shouldForgetTheLastChangesFrameWhenExpectingAnother() {
        watch.expect(2, 0);
        watch.received(frame(2, false, 5), 6);

        watch.expect(1, 10);

        assertThatThrownBy(() -> watch.awaitFirst(Duration.ofMillis(1))).isInstanceOf(IllegalStateException.class);
    }

    private static String frame(int version, boolean shadow, long scoreStartMicros) {
        return "{\"op\":\"data\",\"symbol\":\"S0001\",\"partition\":7,\"offset\":41873,\"modelVersion\":" + version
                + ",\"shadow\":" + shadow + ",\"snapshot\":false,\"prediction\":{\"symbol\":\"S0001\","
                + "\"modelVersion\":" + version + ",\"shadow\":" + shadow + ",\"scoreStartMicros\":"
                + scoreStartMicros + ",\"scoreEndMicros\":" + (scoreStartMicros + 5) + "}}";
    }
}
