package io.atlas.local.process;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/** Child JVMs of the real {@link EchoProgram}: one talked to through pipes, one whose output goes to its log. */
class ChildJvmTest {

    private static final Duration WAIT = Duration.ofSeconds(60);

    @TempDir
    Path dir;

    private ChildJvm echo(boolean piped) throws Exception {
        List<String> options = List.of("-Xmx32m");
        String classpath = System.getProperty("java.class.path");
        Path log = dir.resolve("echo.log");
        return piped
                ? ChildJvm.startPiped("echo", options, classpath, EchoProgram.class.getName(), List.of(), Map.of(), log)
                : ChildJvm.start("echo", options, classpath, EchoProgram.class.getName(), List.of(), Map.of(), log);
    }

    @Test
    void shouldTalkToAPipedChildThroughItsStdinAndStdoutAndLogItsStderr() throws Exception {
        try (ChildJvm child = echo(true)) {
            Writer stdin = new OutputStreamWriter(child.stdin(), StandardCharsets.UTF_8);
            BufferedReader stdout = new BufferedReader(new InputStreamReader(child.stdout(), StandardCharsets.UTF_8));

            stdin.write("hello\n");
            stdin.flush();
            String answer = assertTimeoutPreemptively(WAIT, stdout::readLine);
            stdin.close();

            assertThat(answer).isEqualTo("echo: hello");
            assertThat(child.awaitExit(WAIT)).isZero();
        }
        assertThat(dir.resolve("echo.log")).content().contains(EchoProgram.STARTED).doesNotContain("echo: hello");
    }

    @Test
    void shouldRefuseThePipesOfAChildWhoseOutputGoesToItsLog() throws Exception {
        try (ChildJvm child = echo(false)) {
            assertThatThrownBy(child::stdout).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("not started with pipes");
            assertThatThrownBy(child::stdin).isInstanceOf(IllegalStateException.class);
        }
    }
}
