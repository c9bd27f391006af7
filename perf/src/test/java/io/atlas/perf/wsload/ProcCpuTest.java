package io.atlas.perf.wsload;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ProcCpuTest {

    @Test
    void shouldGroupThreadsByNameWithoutTheirNumber() {
        assertThat(ProcCpu.group("gateway-writer-12")).isEqualTo("gateway-writer");
        assertThat(ProcCpu.group("GC Thread#3")).isEqualTo("GC Thread");
        assertThat(ProcCpu.group("gateway-fanout")).isEqualTo("gateway-fanout");
        assertThat(ProcCpu.group("42")).isEqualTo("42");
    }

    @Test
    void shouldAddUserAndSystemTimeOfAStatLineWhoseNameHasSpaces() {
        String stat = "4242 (C2 CompilerThre) S 1 4242 4242 0 -1 4194368 100 0 0 0 250 130 0 0 20 0 1 0 100 0 0";

        assertThat(ProcCpu.seconds(stat)).isEqualTo(3.8);
    }

    @Test
    void shouldReadThisProcessAndTheMachine() {
        long pid = ProcessHandle.current().pid();

        assertThat(ProcCpu.seconds(pid)).isPositive();
        assertThat(ProcCpu.byThreadGroup(pid).values().stream().mapToDouble(Double::doubleValue).sum()).isPositive();
        assertThat(ProcCpu.machineBusySeconds()).isPositive();
    }
}
