package io.atlas.local.launch;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ReadmeTablesTest {

    @Test
    void shouldFindReadmeTablesEqualToTheCode() throws IOException {
        String readme = Files.readString(Path.of("..", "README.md"));

        assertThat(ReadmeTables.refreshed(readme)).as("README.md is stale: run ./atlas readme").isEqualTo(readme);
    }

    @Test
    void shouldReplaceAStaleBlock() {
        String stale = "intro\n<!-- generated: ./atlas config -->\nold table\n<!-- end generated -->\n"
                + "<!-- generated: ./atlas topics -->\n<!-- end generated -->\nrest\n";

        String refreshed = ReadmeTables.refreshed(stale);

        assertThat(refreshed).doesNotContain("old table").startsWith("intro\n").endsWith("rest\n")
                .contains(LauncherConfig.markdownTable()).contains("`atlas.ticks`");
    }

    @Test
    void shouldRefuseAReadmeWithoutTheBlocks() {
        assertThatThrownBy(() -> ReadmeTables.refreshed("no tables here"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("generated: ./atlas config");
    }
}
