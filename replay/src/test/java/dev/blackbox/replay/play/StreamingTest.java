package dev.blackbox.replay.play;

import dev.blackbox.journal.ChildJvm;
import dev.blackbox.replay.fixture.RenderLarge;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

class StreamingTest {

    @TempDir
    Path root;

    @Test
    @DisplayName("A 60,000-entry session (about 130 MB of frames) folds, renders and exports in every format with a 32 MB heap")
    void constantMemory() throws Exception {
        Process child = ChildJvm.start(List.of("-Xmx32m"), RenderLarge.class, root.toString(), "60000");
        String out = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        assertThat(child.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(child.exitValue()).as("child output: %s", out).isZero();
        assertThat(out).startsWith("OK 60000 ");
        long peakMiB = Long.parseLong(out.split(" ")[2]);
        assertThat(peakMiB).isLessThanOrEqualTo(32);
    }
}
