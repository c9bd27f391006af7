package io.atlas.keda;

import static org.assertj.core.api.Assertions.assertThat;

import io.atlas.deploy.NodeGroup;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The node groups and autoscaler settings keda/README.md gives the cluster are the ones the code places pods on. */
class NodeGroupsReadmeTest {

    static final String START = "<!-- generated: NodeGroup.markdown() -->\n";
    static final String END = "<!-- end generated -->";

    @Test
    void shouldShowTheNodeGroupsTheCodeDescribes() throws IOException {
        String readme = Files.readString(Path.of("README.md"));
        int start = readme.indexOf(START) + START.length();

        assertThat(readme.substring(start, readme.indexOf(END, start)))
                .as("keda/README.md's node group block differs from NodeGroup.markdown(): paste it in")
                .isEqualTo("\n" + NodeGroup.markdown() + "\n");
    }
}
