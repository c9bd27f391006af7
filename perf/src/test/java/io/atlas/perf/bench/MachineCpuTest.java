package io.atlas.perf.bench;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class MachineCpuTest {

    @Test
    void shouldCountBusyTicksButNotIdleOrIowait() {
        // user nice system idle iowait irq softirq steal guest guest_nice
        double busy = MachineCpu.busySeconds("cpu  1000 50 300 90000 700 20 30 5 0 0");

        assertThat(busy).isCloseTo((1000 + 50 + 300 + 20 + 30 + 5) / 100.0, within(1e-9));
    }

    @Test
    void shouldRejectAPerCoreLine() {
        assertThatThrownBy(() -> MachineCpu.busySeconds("cpu0 1 2 3 4 5 6 7 8"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void shouldAttributeWhatOurProcessesDidNotUseToOtherPrograms() {
        // 30 s window: the machine was busy 45 CPU-seconds, our processes used 39 of them.
        assertThat(MachineCpu.otherCores(45, 39, 30)).isCloseTo(0.2, within(1e-9));
    }

    @Test
    void shouldNeverReportNegativeOtherCpu() {
        assertThat(MachineCpu.otherCores(10, 10.3, 30)).isZero();
        assertThat(MachineCpu.otherCores(10, 5, 0)).isZero();
    }

    @Test
    void shouldReadThisMachinesCounters() {
        assertThat(MachineCpu.busySeconds()).isPositive();
    }
}
