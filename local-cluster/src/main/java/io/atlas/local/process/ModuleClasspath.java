package io.atlas.local.process;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The classpath a service JVM runs on, as {@code ./atlas up} builds it: {@code <module>/target/classes} plus
 * {@code <module>/target/runtime.classpath} under the Atlas checkout ({@code -Datlas.home}, else the working folder);
 * falls back to this JVM's own classpath (which holds every service module for the benchmarks and drills) when the
 * module is not built there.
 */
public final class ModuleClasspath {

    private ModuleClasspath() {
    }

    public static String of(String module) {
        Path home = Path.of(System.getProperty("atlas.home", "."));
        Path target = home.resolve(module).resolve("target");
        Path classes = target.resolve("classes");
        Path runtime = target.resolve("runtime.classpath");
        if (Files.isDirectory(classes) && Files.isRegularFile(runtime)) {
            try {
                return classes.toAbsolutePath() + File.pathSeparator + Files.readString(runtime).trim();
            } catch (IOException e) {
                throw new UncheckedIOException("Could not read " + runtime, e);
            }
        }
        return System.getProperty("java.class.path");
    }
}
