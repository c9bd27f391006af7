package io.atlas.drill.pipeline;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A service that crashes once: the first run for a given marker file creates the file and exits with
 * {@link #CRASH_CODE}; every later run reads its stdin until that ends, as a service runs until something ends it.
 * The stdin is a pipe from the test's JVM, so no run outlives the test.
 */
public final class CrashOnceProgram {

    static final int CRASH_CODE = 3;

    private CrashOnceProgram() {
    }

    public static void main(String[] args) throws IOException {
        Path marker = Path.of(args[0]);
        if (Files.notExists(marker)) {
            Files.createFile(marker);
            System.exit(CRASH_CODE);
        }
        System.in.transferTo(OutputStream.nullOutputStream());
    }
}
