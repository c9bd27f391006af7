package io.atlas.perf.bench;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * How busy a JVM's JIT compiler still is: the CPU time of its compiler threads ({@code C1 CompilerThre…},
 * {@code C2 CompilerThre…}), read from {@code /proc/<pid>/task/<tid>/} (Linux only). A JVM whose compiler threads
 * have gone quiet runs its hot paths compiled: its figures are steady state, not warm-up.
 */
final class JitCompilation {

    /** Compiler CPU, in cores, below which a JVM counts as warm (brief recompilations stay under it). */
    static final double SETTLED_CORES = 0.03;

    private JitCompilation() {
    }

    /** CPU seconds the compiler threads of {@code pid} have used so far; 0 when they cannot be read. */
    static double seconds(long pid) {
        Path tasks = Path.of("/proc", Long.toString(pid), "task");
        double total = 0;
        try (DirectoryStream<Path> threads = Files.newDirectoryStream(tasks)) {
            for (Path thread : threads) {
                if (isCompiler(thread)) {
                    total += ProcessUsage.cpuSecondsOf(thread.resolve("stat"));
                }
            }
        } catch (IOException e) {
            return 0;
        }
        return total;
    }

    private static boolean isCompiler(Path thread) {
        try {
            String name = Files.readString(thread.resolve("comm")).trim();
            return name.startsWith("C1 Compiler") || name.startsWith("C2 Compiler");
        } catch (IOException e) {
            return false;
        }
    }
}
