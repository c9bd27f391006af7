package io.atlas.perf.bench;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class GcPausesTest {

    private static final List<String> LOG = List.of(
            "[1795838595854ms] Using G1",
            "[1795838595885ms] GC(0) Pause Young (Normal) (G1 Evacuation Pause) 6M->6M(64M) 2.732ms",
            "[1795838595943ms] GC(1) Pause Young (Normal) (G1 Evacuation Pause) 9M->9M(64M) 58.408ms",
            "[1795838595986ms] GC(5) Pause Young (Concurrent Start) (G1 Evacuation Pause) 43M->43M(64M) 13.165ms",
            "[1795838595987ms] GC(7) Concurrent Mark Cycle",
            "[1795838595994ms] GC(7) Pause Remark 51M->24M(64M) 0.374ms",
            "[1795838596010ms] GC(7) Concurrent Mark Cycle 23.117ms",
            "[1795838597000ms] GC(8) Pause Full (System.gc()) 40M->2M(64M) 20.500ms");

    @Test
    void shouldCountOnlyPausesInsideTheWindow() {
        GcPauses pauses = GcPauses.within(LOG, 1795838595900L, 1795838596500L);

        assertThat(pauses.count()).isEqualTo(3);
        assertThat(pauses.totalMs()).isCloseTo(58.408 + 13.165 + 0.374, within(1e-9));
        assertThat(pauses.maxMs()).isEqualTo(58.408);
    }

    @Test
    void shouldNotCountConcurrentPhases() {
        GcPauses pauses = GcPauses.within(LOG, 1795838595987L, 1795838596010L);

        assertThat(pauses).isEqualTo(new GcPauses(1, 0.374, 0.374));
    }

    @Test
    void shouldReportNoPausesForAMissingLog() {
        assertThat(GcPauses.within(java.nio.file.Path.of("/nonexistent/gc.log"), 0, Long.MAX_VALUE))
                .isEqualTo(new GcPauses(0, 0, 0));
    }

    @Test
    void shouldAskForWallClockStampsInTheJvmOption() {
        assertThat(GcPauses.jvmOption(java.nio.file.Path.of("/tmp/x/gc.log")))
                .isEqualTo("-Xlog:gc:file=/tmp/x/gc.log:timemillis");
    }
}
