package io.atlas.local.process;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;

/**
 * A program driven through its stdin, as {@link ChildJvm#startPiped} runs one: says on stderr that it started, then
 * answers every line it reads with {@code echo: <line>} on stdout, until stdin ends.
 */
public final class EchoProgram {

    static final String STARTED = "echo program started";

    private EchoProgram() {
    }

    public static void main(String[] args) throws Exception {
        System.err.println(STARTED);
        BufferedReader lines = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        String line;
        while ((line = lines.readLine()) != null) {
            System.out.println("echo: " + line);
            System.out.flush();
        }
    }
}
