package io.atlas.ingest.simulate;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class PacerTest {

    private static final long MS = 1_000_000L;

    @Test
    void shouldReleaseTicksOnAnAbsoluteSchedule() {
        Pacer pacer = new Pacer(1000, 0, 100);
        assertThat(pacer.release(0)).isEqualTo(1);
        assertThat(pacer.release(0)).isZero();
        assertThat(pacer.nanosUntilNext(0)).isEqualTo(MS);
        assertThat(pacer.release(MS)).isEqualTo(1);
        assertThat(pacer.release(MS + MS / 2)).isZero();
    }

    @Test
    void shouldCatchUpInBoundedBatchesWithoutDrift() {
        Pacer pacer = new Pacer(1000, 0, 100);
        pacer.release(0);
        // A one-second stall: 1000 ticks are due; they come out 100 at a time, and not one more.
        long total = 1;
        int batches = 0;
        int batch;
        while ((batch = pacer.release(1000 * MS)) > 0) {
            assertThat(batch).isLessThanOrEqualTo(100);
            total += batch;
            batches++;
        }
        assertThat(total).isEqualTo(1001);
        assertThat(batches).isEqualTo(10);
        assertThat(pacer.behind(1000 * MS)).isZero();
        // After catching up the schedule continues where it was, not from the stall.
        assertThat(pacer.release(1001 * MS)).isEqualTo(1);
    }

    @Test
    void shouldReleaseFullBatchesFlatOut() {
        Pacer pacer = new Pacer(0, 0, 64);
        assertThat(pacer.release(0)).isEqualTo(64);
        assertThat(pacer.release(0)).isEqualTo(64);
        assertThat(pacer.nanosUntilNext(0)).isZero();
    }
}
